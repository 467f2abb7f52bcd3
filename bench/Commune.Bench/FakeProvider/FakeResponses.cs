using System.Globalization;

namespace Commune.Bench.FakeProvider;

/// <summary>The fake provider's three bodies: a chat completion, its SSE stream, and an OpenAI-style error.</summary>
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
        Error = Template(
            """{"error":{"message":"The fake provider was started with --fail-status: every completion fails.","type":"server_error","param":null,"code":null}}""",
            created);
    }

    public ResponseTemplate Completion { get; }

    public ResponseTemplate Stream { get; }

    public ResponseTemplate Error { get; }

    private static ResponseTemplate Template(string text, long created) =>
        new(text.Replace("$CREATED$", created.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
}
