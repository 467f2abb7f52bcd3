using System.Globalization;

namespace Commune.Bench.FakeProvider;

/// <summary>
/// The fake provider's bodies: a chat completion and its SSE stream, a tool-call answer and its stream (for requests that offer
/// tools), and an OpenAI-style error.
/// </summary>
internal sealed class FakeResponses
{
    private const string Chunk =
        """data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":$CREATED$,"model":"$MODEL$","system_fingerprint":null,"choices":""";

    public FakeResponses(long created)
    {
        Completion = Template(
            """{"id":"chatcmpl-bench","object":"chat.completion","created":$CREATED$,"model":"$MODEL$","choices":[{"index":0,"message":{"role":"assistant","content":"pong","refusal":null},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":8,"completion_tokens":1,"total_tokens":9}}""",
            created);
        Stream = Template(
            Chunk + """[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}""" + "\n\n" +
            Chunk + """[{"index":0,"delta":{"content":"pong"},"logprobs":null,"finish_reason":null}]}""" + "\n\n" +
            Chunk + """[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}""" + "\n\n" +
            Chunk + """[],"usage":{"prompt_tokens":8,"completion_tokens":1,"total_tokens":9}}""" + "\n\n" +
            "data: [DONE]\n\n",
            created);
        ToolCompletion = Template(
            """{"id":"chatcmpl-bench","object":"chat.completion","created":$CREATED$,"model":"$MODEL$","choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,"tool_calls":[{"id":"call_bench","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"logprobs":null,"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":60,"completion_tokens":12,"total_tokens":72}}""",
            created);

        // As OpenAI streams a call: its id and name first, then the arguments in fragments.
        ToolStream = Template(
            Chunk + """[{"index":0,"delta":{"role":"assistant","content":null},"logprobs":null,"finish_reason":null}]}""" + "\n\n" +
            Chunk + """[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_bench","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]}""" + "\n\n" +
            Chunk + """[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\""}}]},"logprobs":null,"finish_reason":null}]}""" + "\n\n" +
            Chunk + """[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":":\"Paris\"}"}}]},"logprobs":null,"finish_reason":null}]}""" + "\n\n" +
            Chunk + """[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}""" + "\n\n" +
            Chunk + """[],"usage":{"prompt_tokens":60,"completion_tokens":12,"total_tokens":72}}""" + "\n\n" +
            "data: [DONE]\n\n",
            created);
        Error = Template(
            """{"error":{"message":"The fake provider was started with --fail-status: every completion fails.","type":"server_error","param":null,"code":null}}""",
            created);
    }

    public ResponseTemplate Completion { get; }

    public ResponseTemplate Stream { get; }

    public ResponseTemplate ToolCompletion { get; }

    public ResponseTemplate ToolStream { get; }

    public ResponseTemplate Error { get; }

    private static ResponseTemplate Template(string text, long created) =>
        new(text.Replace("$CREATED$", created.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
}
