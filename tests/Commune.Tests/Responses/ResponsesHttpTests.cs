using System.Net;
using System.Text;
using System.Text.Json;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;

namespace Commune.Tests.Responses;

/// <summary><c>/v1/responses</c> over raw HTTP: the bodies Codex CLI sends, the wire shape of events, and broken streams.</summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class ResponsesHttpTests(ModelGatewayFixture fixture)
{
    /// <summary>
    /// A first turn as Codex CLI 0.169 sends it to a custom provider with <c>wire_api = "responses"</c> (openai/codex
    /// <c>ResponsesApiRequest</c>): instructions, developer and user messages, function tools, reasoning, store false, stream,
    /// include of encrypted reasoning, a prompt cache key and a text verbosity hint.
    /// </summary>
    public const string CodexFirstTurn = """
        {
          "model": "resp-codex",
          "instructions": "You are Codex, a coding agent running in the Codex CLI on a user's computer.",
          "input": [
            {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "<permissions instructions>Filesystem sandboxing: workspace-write.</permissions instructions>"}]},
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "<environment_context>\n  <cwd>/repo</cwd>\n  <shell>bash</shell>\n</environment_context>"}]},
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "list the files"}]}
          ],
          "tools": [
            {"type": "function", "name": "shell_command", "description": "Runs a shell command and returns its output.", "strict": false,
             "parameters": {"type": "object", "properties": {"command": {"type": "string", "description": "The shell script to execute"},
               "workdir": {"type": "string"}, "timeout_ms": {"type": "number"}}, "required": ["command"], "additionalProperties": false}},
            {"type": "function", "name": "update_plan", "description": "Updates the task plan.", "strict": false,
             "parameters": {"type": "object", "properties": {"explanation": {"type": "string"}, "plan": {"type": "array", "items": {"type": "object",
               "properties": {"step": {"type": "string"}, "status": {"type": "string"}}, "required": ["step", "status"], "additionalProperties": false}}},
               "required": ["plan"], "additionalProperties": false}}
          ],
          "tool_choice": "auto",
          "parallel_tool_calls": false,
          "reasoning": {"effort": "medium", "summary": "auto"},
          "store": false,
          "stream": true,
          "include": ["reasoning.encrypted_content"],
          "prompt_cache_key": "0199d5c4-6f7e-7a31-9b2e-5c8d1e0f2a43",
          "text": {"verbosity": "medium"}
        }
        """;

    private FakeProviderServer Fake => fixture.Fake;

    [Fact]
    public async Task A_Codex_first_turn_is_accepted_and_streamed_as_Responses_events()
    {
        Fake.Script("resp-codex-a", FakeReply.Ok("Here are the files.", promptTokens: 50, completionTokens: 5));

        var (response, events, broken) = await PostStreamAsync(CodexFirstTurn);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.False(broken);
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.All(events, e => Assert.Equal(e.Type, e.Data.GetProperty("type").GetString()));
        var types = events.Select(e => e.Type).Where(t => t != "response.output_text.delta").ToList();
        Assert.Equal(
            [
                "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
            ],
            types);
        var deltas = events.Where(e => e.Type == "response.output_text.delta").ToList();
        Assert.Equal("Here are the files.", string.Concat(deltas.Select(d => d.Data.GetProperty("delta").GetString())));
        Assert.All(deltas, d => Assert.Equal(0, d.Data.GetProperty("output_index").GetInt32()));

        var done = events.Single(e => e.Type == "response.output_item.done").Data.GetProperty("item");
        Assert.Equal("message", done.GetProperty("type").GetString());
        Assert.Equal("assistant", done.GetProperty("role").GetString());
        Assert.Equal("Here are the files.", done.GetProperty("content")[0].GetProperty("text").GetString());

        var completed = events[^1].Data.GetProperty("response");
        Assert.StartsWith("resp_", completed.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.False(completed.GetProperty("store").GetBoolean());
        Assert.Equal(55, completed.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(0, completed.GetProperty("usage").GetProperty("input_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(2, completed.GetProperty("tools").GetArrayLength());
        Assert.Equal("oa1/resp-codex-a", completed.GetProperty("model").GetString());

        // What the provider got: instructions, then the developer message as a system turn, then the user turns, streamed.
        var sent = Fake.RequestsFor("resp-codex-a")[^1];
        Assert.True(sent.Stream);
        var messages = sent.Json!.Value.GetProperty("messages");
        Assert.Equal(["system", "system", "user", "user"], messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Contains("list the files", messages[3].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_its_first_token_ends_with_response_failed_and_an_aborted_connection()
    {
        Fake.Script("resp-cut-a", FakeReply.StreamCut(3));

        var (response, events, broken) = await PostStreamAsync("""{"model": "resp-cut", "input": "hi", "stream": true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(broken);
        Assert.Contains(events, e => e.Type == "response.output_text.delta");
        Assert.DoesNotContain(events, e => e.Type == "response.completed");
        var failed = events[^1];
        Assert.Equal("response.failed", failed.Type);
        var error = failed.Data.GetProperty("response").GetProperty("error");
        Assert.Equal("stream_interrupted", error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal("failed", failed.Data.GetProperty("response").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_non_streamed_response_echoes_the_request_settings_and_carries_the_trail()
    {
        Fake.Script("resp-ok-a", FakeReply.Ok("echoed", promptTokens: 3, completionTokens: 1));
        const string body = """
            {"model": "resp-ok", "input": [{"role": "user", "content": "hi"}], "instructions": "be kind", "temperature": 0.5,
             "max_output_tokens": 200, "metadata": {"ticket": "T-1"}, "text": {"format": {"type": "text"}}, "prompt_cache_key": "k1"}
            """;

        using var response = await fixture.Client.PostAsync("/v1/responses", new StringContent(body, Encoding.UTF8, "application/json"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("response", json.GetProperty("object").GetString());
        Assert.Equal("be kind", json.GetProperty("instructions").GetString());
        Assert.Equal(0.5, json.GetProperty("temperature").GetDouble());
        Assert.Equal(200, json.GetProperty("max_output_tokens").GetInt32());
        Assert.Equal("T-1", json.GetProperty("metadata").GetProperty("ticket").GetString());
        Assert.Equal("k1", json.GetProperty("prompt_cache_key").GetString());
        Assert.False(json.GetProperty("store").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
        Assert.Equal("resp-ok", json.GetProperty("commune").GetProperty("profile").GetString());
        Assert.Equal("oa1", response.Headers.GetValues("x-commune-provider").Single());
        var sent = Fake.RequestsFor("resp-ok-a")[^1].Json!.Value;
        var max = sent.TryGetProperty("max_completion_tokens", out var completion) ? completion : sent.GetProperty("max_tokens");
        Assert.Equal(200, max.GetInt32());
        Assert.Equal(0.5, sent.GetProperty("temperature").GetDouble());
    }

    [Theory]
    [InlineData("""{"model": "resp-ok", "input": "hi", "frequency_penalty": 1}""", "frequency_penalty")]
    [InlineData("""{"model": "resp-ok", "input": "hi", "truncation": "auto"}""", "truncation: auto")]
    [InlineData("""{"model": "resp-ok", "input": "hi", "include": ["file_search_call.results"]}""", "include[0]")]
    [InlineData("""{"model": "resp-ok", "input": [{"type": "function_call_output", "call_id": "c9", "output": "x"}]}""", "input[0].call_id")]
    [InlineData("""{"model": "resp-ok", "input": "hi", "tools": [{"type": "code_interpreter", "container": {"type": "auto"}}]}""", "tools[0].type \"code_interpreter\"")]
    public async Task Bad_input_is_a_400_in_the_chat_error_shape_naming_the_field(string body, string named)
    {
        using var response = await fixture.Client.PostAsync("/v1/responses", new StringContent(body, Encoding.UTF8, "application/json"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("invalid_request", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(named, json.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_no_step_can_see_is_a_422_unsupported_feature_in_the_chat_error_shape()
    {
        const string body = """
            {"model": "no-vision", "input": [{"role": "user", "content": [
              {"type": "input_text", "text": "what is this?"}, {"type": "input_image", "image_url": "https://example.com/cat.png"}]}]}
            """;

        using var response = await fixture.Client.PostAsync("/v1/responses", new StringContent(body, Encoding.UTF8, "application/json"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("unsupported_feature", json.GetProperty("error").GetProperty("code").GetString());
        Assert.All(json.GetProperty("attempts").EnumerateArray(), a => Assert.Equal("skipped_unsupported", a.GetProperty("outcome").GetString()));
        Assert.Equal(0, Fake.CountFor("novision-c") + Fake.CountFor("novision-d"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_or_400()
    {
        using var text = await fixture.Client.PostAsync("/v1/responses", new StringContent("hi", Encoding.UTF8, "text/plain"));
        using var broken = await fixture.Client.PostAsync("/v1/responses", new StringContent("{\"model\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
    }

    /// <summary>Posts a streaming body and reads every SSE event; <c>Broken</c> is true when the connection ended abnormally.</summary>
    internal async Task<(HttpResponseMessage Response, List<(string Type, JsonElement Data)> Events, bool Broken)> PostStreamAsync(string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var response = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var events = new List<(string, JsonElement)>();
        var broken = false;
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            string? type = null;
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    events.Add((type ?? string.Empty, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone()));
                    type = null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            broken = true;
        }

        return (response, events, broken);
    }
}
