using Commune.Models;
using Commune.Providers.Catalog;
using Commune.Providers.Clients;
using Commune.Providers.Requests;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.AI;

namespace Commune.Tests.Models.Tools;

/// <summary>The pure translation rules, without a cluster: tool-call ids per provider kind, what a call needs, and the messages built.</summary>
public sealed class ToolTranslationTests
{
    private static readonly Gen<string> Ids =
        from length in Gen.Choose(1, 90)
        from chars in Gen.Elements("abcXYZ019_-:/. é{}".ToCharArray()).ArrayOf(length)
        select new string(chars);

    [Fact]
    public void Every_id_maps_to_one_each_kind_accepts_deterministically_and_ids_that_fit_pass_unchanged()
    {
        Prop.ForAll(Ids.ToArbitrary(), id =>
        {
            var anthropic = ToolCallIds.For(ProviderKind.Anthropic, id);
            var openAi = ToolCallIds.For(ProviderKind.OpenAi, id);
            var anthropicFits = anthropic.Length <= 64 && anthropic.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
            var openAiFits = openAi.Length <= ToolCallIds.OpenAiMaxLength;
            var stable = anthropic == ToolCallIds.For(ProviderKind.Anthropic, id) && openAi == ToolCallIds.For(ProviderKind.OpenAi, id);
            var unchangedWhenFitting = (id.Length > 40 || openAi == id) && (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') || id.Length > 64 || anthropic == id);
            return anthropicFits && openAiFits && stable && unchangedWhenFitting;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Distinct_ids_that_need_translating_stay_distinct()
    {
        var a = ToolCallIds.For(ProviderKind.Anthropic, "call:1");
        var b = ToolCallIds.For(ProviderKind.Anthropic, "call:2");

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Needs_follow_the_request_and_unmet_names_the_fields_the_model_lacks()
    {
        var call = new ModelCall(
            "p",
            [
                new ChatTurn("user", "look", [new ContentPart(ContentPartKinds.Image, Uri: "https://example.com/a.png")]),
                new ChatTurn("assistant", "It is"),
            ],
            Tools: [new ToolDefinition("t", null, "{}")],
            ResponseFormat: new ResponseFormat(ResponseFormatKinds.JsonSchema, "s", "{}"));

        var needs = CallNeeds.Of(call);

        Assert.Equal(new CallNeeds(Tools: true, Vision: true, Documents: false, JsonMode: false, JsonSchema: true, Prefill: true, Thinking: false), needs);
        Assert.Equal(["tools", "image content", "a final assistant message (prefill)"], needs.Unmet(new ModelPrice { Tools = false, Vision = false, Prefill = false }));
        Assert.Empty(needs.Unmet(new ModelPrice()));
    }

    [Fact]
    public void Tool_choice_none_does_not_need_tools_but_a_tool_history_does()
    {
        var offered = new ModelCall("p", [new ChatTurn("user", "hi")], Tools: [new ToolDefinition("t", null, "{}")], ToolChoice: new ToolChoice(ToolChoiceModes.None));
        var history = new ModelCall("p", [new ChatTurn("user", "hi"), new ChatTurn("assistant", "", ToolCalls: [new ToolCall("c", "t", "{}")]), new ChatTurn("tool", "ok", ToolCallId: "c")]);

        Assert.False(CallNeeds.Of(offered).Tools);
        Assert.True(CallNeeds.Of(history).Tools);
    }

    [Fact]
    public void Consecutive_tool_results_become_one_message_and_only_signed_thinking_goes_only_to_Anthropic()
    {
        List<ChatTurn> turns =
        [
            new("user", "go"),
            new(
                "assistant",
                "",
                [new ContentPart(ContentPartKinds.Thinking, Text: "plan", Signature: "sig"), new ContentPart(ContentPartKinds.Thinking, Text: "unsigned, from another kind")],
                [new ToolCall("a", "t", """{"x":1}"""), new ToolCall("b", "t", "{}")]),
            new("tool", "one", ToolCallId: "a"),
            new("tool", "two", ToolCallId: "b", IsError: true),
        ];

        var anthropic = ProviderMessages.For(turns, ProviderKind.Anthropic);
        var openAi = ProviderMessages.For(turns, ProviderKind.OpenAi);

        Assert.Equal(3, anthropic.Count);
        var results = anthropic[2].Contents.OfType<FunctionResultContent>().ToList();
        Assert.Equal(["a", "b"], results.Select(r => r.CallId));
        Assert.Null(results[0].Exception);
        Assert.NotNull(results[1].Exception);
        Assert.Equal("sig", anthropic[1].Contents.OfType<TextReasoningContent>().Single().ProtectedData);
        Assert.Empty(openAi[1].Contents.OfType<TextReasoningContent>());
        Assert.Equal(1, ((System.Text.Json.JsonElement)openAi[1].Contents.OfType<FunctionCallContent>().First().Arguments!["x"]!).GetInt32());
    }

    [Theory]
    [InlineData(500, 1024)]
    [InlineData(4096, 4096)]
    public void A_thinking_budget_fits_Anthropic_s_rule_or_is_not_sent(int asked, int expected)
    {
        Assert.Equal(expected, AnthropicThinking.Fit(asked, 8000));
        Assert.Null(AnthropicThinking.Fit(asked, 1024));
    }

    [Fact]
    public void A_thinking_budget_for_a_model_without_reasoning_is_not_sent_and_the_attempt_says_so()
    {
        var call = new ModelCall("p", [new ChatTurn("user", "hi")], ThinkingBudget: 4096);

        var options = ProviderOptions.For(call, new("oa1", "m"), ProviderKind.OpenAi, 8000, false, new ModelPrice { Reasoning = false }, out var note);
        var reasoning = ProviderOptions.For(call, new("oa1", "m"), ProviderKind.OpenAi, 8000, false, new ModelPrice(), out var none);

        Assert.Null(options.Reasoning);
        Assert.Contains("thinking was not sent", note, StringComparison.Ordinal);
        Assert.Equal(ReasoningEffort.Medium, reasoning.Reasoning!.Effort);
        Assert.Null(none);
    }
}
