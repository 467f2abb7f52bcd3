using System.Text;
using System.Text.Json;
using Commune.Gateway.Endpoints.Anthropic;
using Commune.Models;

namespace Commune.Tests.Anthropic;

/// <summary>The Messages body → <see cref="ModelCall"/> mapping, and that every refusal starts with the path of the member refused.</summary>
public sealed class AnthropicRequestReaderTests
{
    private static readonly BudgetScopes Scopes = new("s1", null, null);

    private static AnthropicRequest Read(string json)
    {
        var (request, problem) = AnthropicRequestReader.Read(JsonDocument.Parse(json).RootElement, Scopes, "req-1");
        Assert.True(request is not null, problem);
        return request;
    }

    private static string Refusal(string json)
    {
        var (request, problem) = AnthropicRequestReader.Read(JsonDocument.Parse(json).RootElement, Scopes, "req-1");
        Assert.Null(request);
        return problem!;
    }

    [Fact]
    public void A_full_request_maps_every_member()
    {
        var request = Read("""
            {"model": "coder", "max_tokens": 2048, "stream": true, "temperature": 0.5, "top_p": 0.9, "stop_sequences": ["END"],
             "metadata": {"user_id": "u-7"}, "service_tier": "auto",
             "system": [{"type": "text", "text": "be brief", "cache_control": {"type": "ephemeral"}}, {"type": "text", "text": "and kind"}],
             "thinking": {"type": "enabled", "budget_tokens": 1024},
             "tools": [{"name": "get_weather", "description": "weather", "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}],
             "tool_choice": {"type": "tool", "name": "get_weather", "disable_parallel_tool_use": true},
             "messages": [{"role": "user", "content": "weather in Paris?"}]}
            """);

        var call = request.Call;
        Assert.True(request.Stream);
        Assert.Equal("coder", call.Target);
        Assert.Equal(2048, call.MaxTokens);
        Assert.Equal(0.5, call.Temperature);
        Assert.Equal(0.9, call.TopP);
        Assert.Equal(["END"], call.StopSequences);
        Assert.Equal("u-7", call.User);
        Assert.Equal(1024, call.ThinkingBudget);
        Assert.Equal(Scopes, call.Scopes);
        Assert.Equal("req-1", call.RequestId);
        Assert.Equal([new ChatTurn("system", "be brief"), new ChatTurn("system", "and kind")], call.Messages.Take(2));
        Assert.Equal(new ChatTurn("user", "weather in Paris?"), call.Messages[2]);
        var tool = Assert.Single(call.Tools!);
        Assert.Equal("get_weather", tool.Name);
        Assert.Equal("weather", tool.Description);
        Assert.Equal("object", JsonDocument.Parse(tool.ParametersJson).RootElement.GetProperty("type").GetString());
        Assert.Equal(new ToolChoice(ToolChoiceModes.Function, "get_weather"), call.ToolChoice);
        Assert.False(call.ParallelToolCalls);
    }

    [Fact]
    public void A_tool_loop_becomes_assistant_tool_calls_and_one_tool_turn_per_result()
    {
        var call = Read("""
            {"model": "coder", "max_tokens": 100, "messages": [
              {"role": "user", "content": [{"type": "text", "text": "add them"}]},
              {"role": "assistant", "content": [
                {"type": "thinking", "thinking": "two calls", "signature": "sig-1"},
                {"type": "text", "text": "calling"},
                {"type": "tool_use", "id": "toolu_1", "name": "add", "input": {"a": 1, "b": 2}},
                {"type": "tool_use", "id": "toolu_2", "name": "add", "input": {"a": 3, "b": 4}}]},
              {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1", "content": "3"},
                {"type": "tool_result", "tool_use_id": "toolu_2", "content": [{"type": "text", "text": "oops"}], "is_error": true},
                {"type": "text", "text": "go on"}]}]}
            """).Call;

        Assert.Equal(5, call.Messages.Count);
        Assert.Equal(new ChatTurn("user", "add them"), call.Messages[0]);
        var assistant = call.Messages[1];
        Assert.Equal("assistant", assistant.Role);
        Assert.Equal("calling", assistant.Content);
        Assert.Equal([new ContentPart(ContentPartKinds.Thinking, Text: "two calls", Signature: "sig-1")], assistant.Parts!);
        Assert.Equal(["toolu_1", "toolu_2"], assistant.ToolCalls!.Select(c => c.Id));
        Assert.Equal(3, JsonDocument.Parse(assistant.ToolCalls![1].ArgumentsJson).RootElement.GetProperty("a").GetInt32());
        Assert.Equal(new ChatTurn("tool", "3", ToolCallId: "toolu_1"), call.Messages[2]);
        Assert.Equal(new ChatTurn("tool", "oops", ToolCallId: "toolu_2", IsError: true), call.Messages[3]);
        Assert.Equal(new ChatTurn("user", "go on"), call.Messages[4]);
    }

    [Fact]
    public void Images_and_documents_keep_their_place_among_the_text()
    {
        var png = Convert.ToBase64String([137, 80, 78, 71]);
        var turn = Read($$$"""
            {"model": "coder", "max_tokens": 100, "messages": [{"role": "user", "content": [
              {"type": "text", "text": "compare"},
              {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "{{{png}}}"}},
              {"type": "text", "text": "with"},
              {"type": "image", "source": {"type": "url", "url": "https://example.com/b.jpg"}},
              {"type": "document", "source": {"type": "text", "media_type": "text/plain", "data": "notes"}},
              {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": "{{{png}}}"}}]}]}
            """).Call.Messages.Single();

        Assert.Equal("compare", turn.Content);
        var parts = turn.Parts!;
        Assert.Equal(["image", "text", "image", "document", "document"], parts.Select(p => p.Kind));
        Assert.Equal("image/png", parts[0].MediaType);
        Assert.Equal(new byte[] { 137, 80, 78, 71 }, parts[0].Data);
        Assert.Equal("with", parts[1].Text);
        Assert.Equal("https://example.com/b.jpg", parts[2].Uri);
        Assert.Equal("notes", Encoding.UTF8.GetString(parts[3].Data!));
        Assert.Equal("application/pdf", parts[4].MediaType);
    }

    [Fact]
    public void Redacted_thinking_is_a_thinking_part_with_only_its_data_as_signature()
    {
        var turn = Read("""
            {"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"},
              {"role": "assistant", "content": [{"type": "redacted_thinking", "data": "opaque"}, {"type": "text", "text": "hello"}]}]}
            """).Call.Messages[1];

        Assert.Equal("hello", turn.Content);
        Assert.Equal([new ContentPart(ContentPartKinds.Thinking, Signature: "opaque")], turn.Parts!);
    }

    [Theory]
    [InlineData("""{"model": "m", "messages": [{"role": "user", "content": "hi"}]}""", "max_tokens is required")]
    [InlineData("""{"max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}""", "model is required")]
    [InlineData("""{"model": "m", "max_tokens": 0, "messages": [{"role": "user", "content": "hi"}]}""", "max_tokens must be an integer")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": []}""", "messages must hold between 1")]
    [InlineData("""{"model": "m", "max_tokens": 5, "top_k": 5, "messages": [{"role": "user", "content": "hi"}]}""", "top_k is not supported")]
    [InlineData("""{"model": "m", "max_tokens": 5, "frobnicate": 1, "messages": [{"role": "user", "content": "hi"}]}""", "frobnicate is not a member")]
    [InlineData("""{"model": "m", "max_tokens": 5, "temperature": 1.5, "messages": [{"role": "user", "content": "hi"}]}""", "temperature must be a number between 0 and 1")]
    [InlineData("""{"model": "m", "max_tokens": 5, "service_tier": "priority", "messages": [{"role": "user", "content": "hi"}]}""", "service_tier must be")]
    [InlineData("""{"model": "m", "max_tokens": 5, "metadata": {"user_id": "u", "org": "x"}, "messages": [{"role": "user", "content": "hi"}]}""", "metadata.org is not supported")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "tool", "content": "hi"}]}""", "messages[0].role must be")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "text", "text": "a", "extra": 1}]}]}""", "messages[0].content[0].extra is not supported")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "text", "text": "a", "cache_control": {"type": "forever"}}]}]}""", "messages[0].content[0].cache_control.type must be")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_x", "content": "1"}]}]}""", "messages[0].content[0].tool_use_id 'toolu_x' answers no tool_use")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/tiff", "data": "AAAA"}}]}]}""", "messages[0].content[0].source.media_type must be")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "not base64!"}}]}]}""", "messages[0].content[0].source.data is not valid base64")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "image", "source": {"type": "file", "file_id": "f"}}]}]}""", "messages[0].content[0].source.type \"file\" is not supported")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "document", "title": "t", "source": {"type": "text", "media_type": "text/plain", "data": "d"}}]}]}""", "messages[0].content[0].title is not carried")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": [{"type": "search_result"}]}]}""", "messages[0].content[0].type \"search_result\"")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "f", "input": [1]}]}]}""", "messages[0].content[0].input must be an object")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "assistant", "content": [{"type": "image", "source": {"type": "url", "url": "https://x"}}]}]}""", "messages[0].content[0].type \"image\" is not a block an assistant")]
    [InlineData("""{"model": "m", "max_tokens": 5, "messages": [{"role": "assistant", "content": [{"type": "thinking", "thinking": "t"}]}]}""", "messages[0].content[0].signature is required")]
    [InlineData("""{"model": "m", "max_tokens": 5, "system": [{"type": "image"}], "messages": [{"role": "user", "content": "hi"}]}""", "system[0].type must be \"text\"")]
    [InlineData("""{"model": "m", "max_tokens": 5, "tools": [{"type": "web_search_20250305", "name": "web_search"}], "messages": [{"role": "user", "content": "hi"}]}""", "tools[0].type \"web_search_20250305\" is a server tool")]
    [InlineData("""{"model": "m", "max_tokens": 5, "tools": [{"name": "f", "input_schema": {"type": "array"}}], "messages": [{"role": "user", "content": "hi"}]}""", "tools[0].input_schema.type must be")]
    [InlineData("""{"model": "m", "max_tokens": 5, "tools": [{"name": "bad name", "input_schema": {"type": "object"}}], "messages": [{"role": "user", "content": "hi"}]}""", "tools[0].name must be")]
    [InlineData("""{"model": "m", "max_tokens": 5, "tools": [{"name": "f", "input_schema": {"type": "object"}}, {"name": "f", "input_schema": {"type": "object"}}], "messages": [{"role": "user", "content": "hi"}]}""", "tools[1].name 'f' names an earlier tool")]
    [InlineData("""{"model": "m", "max_tokens": 5, "tools": [{"name": "f", "input_schema": {"type": "object"}}], "tool_choice": {"type": "tool", "name": "g"}, "messages": [{"role": "user", "content": "hi"}]}""", "tool_choice.name 'g' is not one")]
    [InlineData("""{"model": "m", "max_tokens": 5, "tool_choice": {"type": "any"}, "messages": [{"role": "user", "content": "hi"}]}""", "tool_choice.type \"any\" needs tools")]
    [InlineData("""{"model": "m", "max_tokens": 5000, "thinking": {"type": "enabled", "budget_tokens": 100}, "messages": [{"role": "user", "content": "hi"}]}""", "thinking.budget_tokens must be an integer between 1024")]
    [InlineData("""{"model": "m", "max_tokens": 2000, "thinking": {"type": "enabled", "budget_tokens": 2000}, "messages": [{"role": "user", "content": "hi"}]}""", "thinking.budget_tokens must be less than max_tokens")]
    [InlineData("""{"model": "m", "max_tokens": 5, "thinking": {"type": "adaptive"}, "messages": [{"role": "user", "content": "hi"}]}""", "thinking.type \"adaptive\" is not supported")]
    [InlineData("""{"model": "m", "max_tokens": 5, "stop_sequences": ["a", ""], "messages": [{"role": "user", "content": "hi"}]}""", "stop_sequences[1] must not be empty")]
    [InlineData("""[1, 2]""", "body must be a JSON object")]
    public void Every_refusal_names_the_member(string json, string expected)
    {
        Assert.StartsWith(expected, Refusal(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Count_tokens_refuses_the_members_of_an_answer_and_needs_no_max_tokens()
    {
        var (counted, _) = AnthropicRequestReader.ReadCount(
            JsonDocument.Parse("""{"model": "m", "messages": [{"role": "user", "content": "hi"}]}""").RootElement, "r");
        var (refused, problem) = AnthropicRequestReader.ReadCount(
            JsonDocument.Parse("""{"model": "m", "max_tokens": 5, "messages": [{"role": "user", "content": "hi"}]}""").RootElement, "r");

        Assert.NotNull(counted);
        Assert.Null(counted.Call.MaxTokens);
        Assert.Null(refused);
        Assert.StartsWith("max_tokens is not accepted by count_tokens", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_system_message_in_the_conversation_stays_in_its_place()
    {
        var call = Read("""
            {"model": "m", "max_tokens": 5, "cache_control": {"type": "ephemeral", "ttl": "1h"}, "messages": [{"role": "user", "content": "hi"},
              {"role": "system", "content": [{"type": "text", "text": "now be formal"}]}, {"role": "user", "content": "and?"}]}
            """).Call;

        Assert.Equal([new ChatTurn("user", "hi"), new ChatTurn("system", "now be formal"), new ChatTurn("user", "and?")], call.Messages);
    }

    [Fact]
    public void Disabled_thinking_asks_no_budget_and_null_members_count_as_absent()
    {
        var call = Read("""{"model": "m", "max_tokens": 5, "thinking": {"type": "disabled"}, "temperature": null, "messages": [{"role": "user", "content": "hi"}]}""").Call;

        Assert.Null(call.ThinkingBudget);
        Assert.Null(call.Temperature);
    }
}
