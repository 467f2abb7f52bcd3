using System.Text;
using System.Text.Json;
using Commune.Gateway.Endpoints.Responses;
using Commune.Models;

namespace Commune.Tests.Responses;

/// <summary>The pure mapping of a Responses body to a <see cref="ModelCall"/>: what is carried, and refusals that name the field path.</summary>
public sealed class ResponsesRequestReaderTests
{
    private static readonly BudgetScopes Scopes = new(null, null, null);

    internal static ResponsesRequest Read(string json)
    {
        var (request, problem) = ResponsesRequestReader.Read(JsonDocument.Parse(json).RootElement, Scopes, "req-1");
        Assert.True(request is not null, problem);
        return request;
    }

    private static string Refusal(string json)
    {
        var (request, problem) = ResponsesRequestReader.Read(JsonDocument.Parse(json).RootElement, Scopes, "req-1");
        Assert.Null(request);
        return problem!;
    }

    [Fact]
    public void A_string_input_is_one_user_turn_after_the_instructions()
    {
        var call = Read("""{"model": "p", "input": "hello", "instructions": "be brief"}""").Call;

        Assert.Equal("p", call.Target);
        Assert.Equal([("system", "be brief"), ("user", "hello")], call.Messages.Select(m => (m.Role, m.Content)));
    }

    [Fact]
    public void The_Codex_first_turn_reads_with_its_tools_reasoning_and_hints()
    {
        var request = Read(ResponsesHttpTests.CodexFirstTurn);

        Assert.True(request.Stream);
        Assert.True(request.IncludeEncryptedReasoning);
        Assert.Equal(["system", "system", "user", "user"], request.Call.Messages.Select(m => m.Role));
        Assert.Equal(["shell_command", "update_plan"], request.Call.Tools!.Select(t => t.Name));
        Assert.False(request.Call.Tools![0].Strict);
        Assert.Equal(ToolChoiceModes.Auto, request.Call.ToolChoice!.Mode);
        Assert.False(request.Call.ParallelToolCalls);
        Assert.Equal(4096, request.Call.ThinkingBudget);
        Assert.Equal("0199d5c4-6f7e-7a31-9b2e-5c8d1e0f2a43", request.Echo["prompt_cache_key"]!.GetValue<string>());
        Assert.Equal("medium", request.Echo["text"]!["verbosity"]!.GetValue<string>());
        Assert.False(request.Echo["store"]!.GetValue<bool>());
    }

    [Fact]
    public void A_Codex_follow_up_turn_merges_reasoning_text_and_calls_into_one_assistant_turn()
    {
        const string json = """
            {"model": "p", "instructions": "sys", "store": false, "input": [
              {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "list the files"}]},
              {"type": "reasoning", "summary": [{"type": "summary_text", "text": "I should run ls."}], "encrypted_content": "sig-1"},
              {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": "Running ls."}]},
              {"type": "function_call", "name": "shell_command", "arguments": "{\"command\":\"ls\"}", "call_id": "call_1"},
              {"type": "function_call", "name": "shell_command", "arguments": "{\"command\":\"pwd\"}", "call_id": "call_2"},
              {"type": "function_call_output", "call_id": "call_1", "output": "a.txt\nb.txt"},
              {"type": "function_call_output", "call_id": "call_2", "output": [{"type": "input_text", "text": "/repo"}]}
            ]}
            """;

        var turns = Read(json).Call.Messages;

        Assert.Equal(["system", "user", "assistant", "tool", "tool"], turns.Select(t => t.Role));
        var assistant = turns[2];
        Assert.Equal("Running ls.", assistant.Content);
        Assert.Equal(new ContentPart(ContentPartKinds.Thinking, Text: "I should run ls.", Signature: "sig-1"), Assert.Single(assistant.Parts!));
        Assert.Equal([new ToolCall("call_1", "shell_command", """{"command":"ls"}"""), new ToolCall("call_2", "shell_command", """{"command":"pwd"}""")], assistant.ToolCalls!);
        Assert.Equal(("call_1", "a.txt\nb.txt"), (turns[3].ToolCallId, turns[3].Content));
        Assert.Equal(("call_2", "/repo"), (turns[4].ToolCallId, turns[4].Content));
    }

    [Fact]
    public void Assistant_text_then_calls_is_one_turn_and_a_later_message_starts_another()
    {
        const string json = """
            {"model": "p", "input": [
              {"role": "user", "content": "go"},
              {"type": "message", "role": "assistant", "content": "Looking."},
              {"type": "function_call", "name": "f", "arguments": "", "call_id": "c1"},
              {"type": "function_call_output", "call_id": "c1", "output": "done"},
              {"type": "message", "role": "assistant", "content": "All done."}
            ]}
            """;

        var turns = Read(json).Call.Messages;

        Assert.Equal(["user", "assistant", "tool", "assistant"], turns.Select(t => t.Role));
        Assert.Equal("Looking.", turns[1].Content);
        Assert.Equal("{}", Assert.Single(turns[1].ToolCalls!).ArgumentsJson);
        Assert.Equal("All done.", turns[3].Content);
        Assert.Null(turns[3].ToolCalls);
    }

    [Fact]
    public void Images_and_files_become_parts_in_order()
    {
        var png = Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47]);
        var pdf = Convert.ToBase64String(Encoding.ASCII.GetBytes("%PDF-1.4"));
        var json = $$"""
            {"model": "p", "input": [{"role": "user", "content": [
              {"type": "input_text", "text": "compare"},
              {"type": "input_image", "image_url": "data:image/png;base64,{{png}}", "detail": "high"},
              {"type": "input_text", "text": "with"},
              {"type": "input_image", "image_url": "https://example.com/cat.jpg"},
              {"type": "input_file", "filename": "spec.pdf", "file_data": "data:application/pdf;base64,{{pdf}}"}
            ]}]}
            """;

        var turn = Assert.Single(Read(json).Call.Messages);

        Assert.Equal("compare", turn.Content);
        Assert.NotNull(turn.Parts);
        Assert.Equal([ContentPartKinds.Image, ContentPartKinds.Text, ContentPartKinds.Image, ContentPartKinds.Document], turn.Parts.Select(p => p.Kind));
        Assert.Equal(("image/png", "high"), (turn.Parts[0].MediaType, turn.Parts[0].Detail));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], turn.Parts[0].Data!);
        Assert.Equal("https://example.com/cat.jpg", turn.Parts[2].Uri);
        Assert.Equal(("application/pdf", "spec.pdf"), (turn.Parts[3].MediaType, turn.Parts[3].Text));
    }

    [Theory]
    [InlineData("low", 1024)]
    [InlineData("medium", 4096)]
    [InlineData("high", 16384)]
    [InlineData("xhigh", 32768)]
    [InlineData("minimal", null)]
    [InlineData("none", null)]
    public void Reasoning_effort_maps_to_a_thinking_budget(string effort, int? budget)
    {
        var call = Read($$$"""{"model": "p", "input": "x", "reasoning": {"effort": "{{{effort}}}"}}""").Call;

        Assert.Equal(budget, call.ThinkingBudget);
    }

    [Fact]
    public void Settings_map_onto_the_call()
    {
        const string json = """
            {"model": "openai/gpt-x", "input": "x", "max_output_tokens": 300, "temperature": 0.2, "top_p": 0.9, "user": "u-7",
             "tools": [{"type": "function", "name": "lookup", "description": "Finds", "parameters": {"type": "object"}, "strict": true}],
             "tool_choice": {"type": "function", "name": "lookup"}, "parallel_tool_calls": true,
             "text": {"format": {"type": "json_schema", "name": "answer", "schema": {"type": "object"}, "strict": true, "description": "d"}}}
            """;

        var call = Read(json).Call;

        Assert.Equal((300, 0.2, 0.9, "u-7"), (call.MaxTokens, call.Temperature, call.TopP, call.User));
        Assert.Equal(new ToolDefinition("lookup", "Finds", """{"type": "object"}""", true), Assert.Single(call.Tools!));
        Assert.Equal(new ToolChoice(ToolChoiceModes.Function, "lookup"), call.ToolChoice);
        Assert.True(call.ParallelToolCalls);
        Assert.Equal(new ResponseFormat(ResponseFormatKinds.JsonSchema, "answer", """{"type": "object"}""", true, "d"), call.ResponseFormat);
    }

    [Theory]
    [InlineData("""{"model": "p", "input": "x", "store": true}""", "store: true is not supported: Commune keeps no response store")]
    [InlineData("""{"model": "p", "input": "x", "previous_response_id": "resp_1"}""", "previous_response_id is not supported")]
    [InlineData("""{"model": "p", "input": "x", "conversation": "conv_1"}""", "conversation is not supported")]
    [InlineData("""{"model": "p", "input": "x", "background": true}""", "background: true")]
    [InlineData("""{"model": "p", "input": "x", "service_tier": "flex"}""", "service_tier \"flex\"")]
    [InlineData("""{"model": "p", "input": "x", "include": ["reasoning.encrypted_content", "message.output_text.logprobs"]}""", "include[1]")]
    [InlineData("""{"model": "p", "input": "x", "seed": 4, "logit_bias": {}}""", "Unknown fields seed, logit_bias")]
    [InlineData("""{"model": "p", "input": "x", "reasoning": {"effort": "low", "budget": 9}}""", "reasoning.budget")]
    [InlineData("""{"model": "p", "input": "x", "reasoning": {"effort": "max"}}""", "reasoning.effort")]
    [InlineData("""{"model": "p", "input": "x", "tools": [{"type": "function", "name": "a"}, {"type": "mcp", "server_label": "s"}]}""", "tools[1].type \"mcp\"")]
    [InlineData("""{"model": "p", "input": "x", "tools": [{"type": "local_shell"}]}""", "tools[0].type \"local_shell\" is an OpenAI-hosted tool")]
    [InlineData("""{"model": "p", "input": "x", "tools": [{"type": "function", "name": "a", "parameters": {}, "extra": 1}]}""", "tools[0].extra")]
    [InlineData("""{"model": "p", "input": "x", "tools": [{"type": "function", "name": "a"}], "tool_choice": {"type": "function", "name": "b"}}""", "tool_choice.name \"b\"")]
    [InlineData("""{"model": "p", "input": "x", "tool_choice": "required"}""", "tool_choice \"required\" needs at least one function tool")]
    [InlineData("""{"model": "p", "input": "x", "tool_choice": {"type": "web_search_preview"}}""", "tool_choice.type \"web_search_preview\"")]
    [InlineData("""{"model": "p", "input": "x", "text": {"format": {"type": "json_schema", "name": "n"}}}""", "text.format.schema")]
    [InlineData("""{"model": "p", "input": "x", "max_output_tokens": 0}""", "max_output_tokens")]
    [InlineData("""{"model": "p", "input": "x", "temperature": 3}""", "temperature")]
    [InlineData("""{"model": "p", "input": []}""", "input is required")]
    [InlineData("""{"input": "x"}""", "model is required")]
    [InlineData("""{"model": "p", "input": [{"role": "user", "content": "a"}, {"role": "tool", "content": "b"}]}""", "input[1].role")]
    [InlineData("""{"model": "p", "input": [{"type": "function_call_output", "call_id": "nope", "output": "x"}]}""", "input[0].call_id \"nope\" answers no function_call")]
    [InlineData("""{"model": "p", "input": [{"type": "function_call", "name": "f", "arguments": "{", "call_id": "c"}]}""", "input[0].arguments is not valid JSON")]
    [InlineData("""{"model": "p", "input": [{"type": "function_call", "name": "f", "arguments": "{}"}]}""", "input[0].call_id is required")]
    [InlineData("""{"model": "p", "input": [{"type": "function_call", "name": "a b", "arguments": "{}", "call_id": "c"}]}""", "input[0].name must be")]
    [InlineData("""{"model": "p", "input": [{"type": "function_call", "name": "f", "arguments": "[1]", "call_id": "c"}]}""", "input[0].arguments must be a JSON object")]
    [InlineData("""{"model": "p", "input": [{"role": "user", "content": "a"}, {"type": "reasoning", "summary": []}, {"role": "user", "content": "b"}]}""", "input[1] is a reasoning item with no assistant message or function_call after it")]
    [InlineData("""{"model": "p", "input": [{"type": "item_reference", "id": "msg_1"}]}""", "input[0].type \"item_reference\"")]
    [InlineData("""{"model": "p", "input": [{"type": "local_shell_call", "call_id": "c", "status": "completed", "action": {}}]}""", "input[0].type \"local_shell_call\"")]
    [InlineData("""{"model": "p", "input": [{"role": "user", "content": [{"type": "input_image", "file_id": "file-1"}]}]}""", "input[0].content[0].file_id is not supported")]
    [InlineData("""{"model": "p", "input": [{"role": "user", "content": [{"type": "input_audio", "input_audio": {}}]}]}""", "input[0].content[0].type \"input_audio\"")]
    [InlineData("""{"model": "p", "input": [{"role": "system", "content": [{"type": "input_image", "image_url": "https://x/y.png"}]}]}""", "input[0].content[0].type \"input_image\" is only accepted in user messages")]
    [InlineData("""{"model": "p", "input": [{"role": "user", "content": [{"type": "input_file", "file_data": "data:application/zip;base64,AAAA"}]}]}""", "input[0].content[0].file_data is application/zip")]
    [InlineData("""{"model": "p", "input": [{"role": "user", "content": [{"type": "input_image", "image_url": "data:image/png;base64,@@"}]}]}""", "input[0].content[0].image_url")]
    [InlineData("""{"model": "p", "input": [{"role": "user", "content": "a", "name": "bob"}]}""", "input[0].name")]
    [InlineData("""{"model": "p", "input": "x", "truncation": "auto"}""", "truncation: auto is not supported")]
    [InlineData("""{"model": "p", "input": "x", "stream_options": {"include_obfuscation": false}}""", "stream_options is only allowed when stream is true")]
    public void A_refusal_names_the_field(string json, string expected)
    {
        Assert.Contains(expected, Refusal(json), StringComparison.Ordinal);
    }

    [Fact]
    public void Omitted_store_is_false_and_hints_are_accepted()
    {
        var request = Read("""
            {"model": "p", "input": "x", "stream": true, "stream_options": {"include_obfuscation": false}, "service_tier": "auto",
             "prompt_cache_key": "k", "truncation": "disabled", "top_logprobs": 0, "text": {"verbosity": "low"}, "reasoning": {"summary": "none"}}
            """);

        Assert.False(request.Echo["store"]!.GetValue<bool>());
        Assert.False(request.ReasoningSummary);
        Assert.Null(request.Call.ThinkingBudget);
        Assert.Null(request.Call.Tools);
        Assert.Null(request.Call.ToolChoice);
    }
}
