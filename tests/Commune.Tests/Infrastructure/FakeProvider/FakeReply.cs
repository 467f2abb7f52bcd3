namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>
/// An immutable script for how the fake provider answers one request: success, an HTTP error with the provider's real
/// body, a transport fault or a broken stream. Made by the static factories and adjusted by the <c>With…</c> modifiers,
/// so tests read as the fault they provoke.
/// </summary>
public sealed record FakeReply
{
    /// <summary>The answer text of <see cref="Ok"/>.</summary>
    public const string DefaultText = "fake answer";

    /// <summary>The text of the stream faults: nine words, so cuts up to eight chunks in land inside the answer.</summary>
    public const string FaultText = "the quick brown fox jumps over the lazy dog";

    /// <summary>The reasoning sent as a <c>thinking</c> block when an Anthropic request enables thinking.</summary>
    public const string DefaultThinking = "The user wants an answer; a fake one will do.";

    private FakeReply(FakeReplyKind kind, string text)
    {
        Kind = kind;
        Text = text;
    }

    public FakeReplyKind Kind { get; private init; }

    /// <summary>The answer text; streams send it split into chunks by word (leading spaces kept).</summary>
    public string Text { get; private init; }

    /// <summary>The reasoning text of the Anthropic <c>thinking</c> block (only when the request enables thinking).</summary>
    public string Thinking { get; private init; } = DefaultThinking;

    public int PromptTokens { get; private init; } = 10;

    public int CompletionTokens { get; private init; } = 5;

    public FakeFinish Finish { get; private init; } = FakeFinish.Stop;

    /// <summary>The HTTP status of <see cref="FakeReplyKind.Error"/> and <see cref="FakeReplyKind.Raw"/> replies.</summary>
    public int StatusCode { get; private init; } = 200;

    /// <summary>The error body for OpenAI-protocol requests (errors and in-band stream errors).</summary>
    public FakeError? OpenAiError { get; private init; }

    /// <summary>The error body for Anthropic-protocol requests (errors and in-band stream errors).</summary>
    public FakeError? AnthropicError { get; private init; }

    /// <summary>Sent as a <c>Retry-After</c> header in whole seconds (rounded up).</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>The body of a <see cref="FakeReplyKind.Raw"/> reply.</summary>
    public string RawBody { get; private init; } = "";

    public string RawContentType { get; private init; } = "text/plain; charset=utf-8";

    /// <summary>How many content chunks a stream fault sends before it strikes.</summary>
    public int AfterChunks { get; private init; }

    /// <summary>How long <see cref="FakeReplyKind.StreamStall"/> stays silent before it closes the response.</summary>
    public TimeSpan Stall { get; private init; }

    /// <summary>The error text carries the request's credentials back, as some upstreams and proxies do (see <see cref="EchoingCredentials"/>).</summary>
    public bool EchoesCredentials { get; private init; }

    /// <summary>Delay before the response headers: what a client timeout sees as a provider that never answers.</summary>
    public TimeSpan HeaderDelay { get; private init; }

    /// <summary>Delay after the headers are flushed and before the first body byte (stream or JSON).</summary>
    public TimeSpan FirstChunkDelay { get; private init; }

    /// <summary>Delay before each content chunk after the first.</summary>
    public TimeSpan ChunkDelay { get; private init; }

    /// <summary>The tool calls of a <see cref="ToolCalls"/> answer, after its text (if any).</summary>
    public IReadOnlyList<FakeToolCall> Calls { get; private init; } = [];

    /// <summary>A successful answer with the given text and usage.</summary>
    public static FakeReply Ok(string text = DefaultText, int promptTokens = 10, int completionTokens = 5) =>
        new(FakeReplyKind.Ok, text) { PromptTokens = promptTokens, CompletionTokens = completionTokens };

    /// <summary>
    /// An answer that calls the caller's tools: OpenAI <c>tool_calls</c> streamed as argument fragments, Anthropic <c>tool_use</c>
    /// blocks streamed as <c>input_json_delta</c>. No text unless <see cref="WithText"/> adds some before the calls.
    /// </summary>
    public static FakeReply ToolCalls(params FakeToolCall[] calls)
    {
        ArgumentOutOfRangeException.ThrowIfZero(calls.Length);
        return new(FakeReplyKind.Ok, "") { Calls = calls, Finish = FakeFinish.ToolCalls };
    }

    /// <summary>
    /// An error status with the provider's error body. Unset parts take the values the provider uses for that status
    /// (e.g. 429 is <c>rate_limit_exceeded</c> for OpenAI and <c>rate_limit_error</c> for Anthropic).
    /// </summary>
    public static FakeReply Status(
        int status, string? errorType = null, string? message = null, string? code = null, TimeSpan? retryAfter = null)
    {
        var openAi = FakeErrorDefaults.OpenAi(status);
        var anthropic = FakeErrorDefaults.Anthropic(status);
        return Error(
            status,
            new FakeError(errorType ?? openAi.Type, message ?? openAi.Message, code ?? openAi.Code, openAi.Param),
            new FakeError(errorType ?? anthropic.Type, message ?? anthropic.Message),
            retryAfter);
    }

    /// <summary>An error status with an explicit body for each protocol.</summary>
    public static FakeReply Error(int status, FakeError openAi, FakeError anthropic, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        return new(FakeReplyKind.Error, "")
        {
            StatusCode = status, OpenAiError = openAi, AnthropicError = anthropic, RetryAfter = retryAfter,
        };
    }

    /// <summary>429 rate limit, optionally with <c>Retry-After</c>.</summary>
    public static FakeReply RateLimited(TimeSpan? retryAfter = null) => Status(429, retryAfter: retryAfter);

    /// <summary>429 that no waiting fixes: OpenAI <c>insufficient_quota</c>, Anthropic's API usage limit.</summary>
    public static FakeReply SpendLimit() => Error(
        429,
        new FakeError(
            "insufficient_quota",
            "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
            "insufficient_quota"),
        new FakeError(
            "rate_limit_error",
            "You have reached your specified API usage limits. You will regain access on 2099-01-01 at 00:00 UTC."));

    /// <summary>402 out of credits: OpenRouter's body (numeric <c>code</c>, no <c>type</c>), Anthropic <c>billing_error</c>.</summary>
    public static FakeReply Billing() => Error(
        402,
        new FakeError(
            null,
            "Insufficient credits. Add more using https://openrouter.ai/settings/credits",
            "402",
            NumericCode: true),
        new FakeError(
            "billing_error",
            "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."));

    /// <summary>401 bad or missing key.</summary>
    public static FakeReply Unauthorized() => Status(401);

    /// <summary>403 the key may not use this model or region.</summary>
    public static FakeReply Forbidden() => Status(403);

    /// <summary>500 internal error.</summary>
    public static FakeReply ServerError() => Status(500);

    /// <summary>502 from the provider's front door; JSON here (use <see cref="Raw"/> for a proxy's HTML page).</summary>
    public static FakeReply BadGateway() => Status(502);

    /// <summary>529 overloaded (Anthropic <c>overloaded_error</c>).</summary>
    public static FakeReply Overloaded() => Status(529);

    /// <summary>400 the prompt does not fit the model's context window.</summary>
    public static FakeReply ContextLength() => Error(
        400,
        new FakeError(
            "invalid_request_error",
            "This model's maximum context length is 128000 tokens. However, your messages resulted in 250000 tokens. Please reduce the length of the messages.",
            "context_length_exceeded",
            "messages"),
        new FakeError("invalid_request_error", "prompt is too long: 250000 tokens > 200000 maximum"));

    /// <summary>400 refused by the provider's content filter (OpenAI/Azure <c>content_filter</c>).</summary>
    public static FakeReply ContentPolicy() => Error(
        400,
        new FakeError(
            "invalid_request_error",
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry.",
            "content_filter",
            "prompt"),
        new FakeError("invalid_request_error", "Output blocked by content filtering policy"));

    /// <summary>Any status with a verbatim body, e.g. <c>Raw(502, "&lt;html&gt;…", "text/html")</c> from a proxy.</summary>
    public static FakeReply Raw(int status, string body, string contentType = "text/plain; charset=utf-8") =>
        new(FakeReplyKind.Raw, "") { StatusCode = status, RawBody = body, RawContentType = contentType };

    /// <summary><paramref name="then"/>, after waiting <paramref name="delay"/> before the headers.</summary>
    public static FakeReply Delay(TimeSpan delay, FakeReply then)
    {
        ArgumentNullException.ThrowIfNull(then);
        return then.After(delay);
    }

    /// <summary>The connection is aborted (TCP RST) without any response.</summary>
    public static FakeReply ConnectionReset() => new(FakeReplyKind.ConnectionReset, "");

    /// <summary>The connection is closed cleanly (TCP FIN) without any response, as a server dropping a connection does.</summary>
    public static FakeReply ConnectionClosed() => new(FakeReplyKind.ConnectionClosed, "");

    /// <summary>Headers at once, then nothing for <paramref name="delay"/>, then a normal answer.</summary>
    public static FakeReply SlowFirstToken(TimeSpan delay, string text = DefaultText) => Ok(text) with { FirstChunkDelay = delay };

    /// <summary>Stream: <paramref name="afterChunks"/> content chunks, then the connection is aborted (TCP RST).</summary>
    public static FakeReply StreamCut(int afterChunks) => Fault(FakeReplyKind.StreamCut, afterChunks);

    /// <summary>
    /// Stream: <paramref name="afterChunks"/> content chunks, then a clean close (TCP FIN) in the middle of the body, as a
    /// proxy timing out does.
    /// </summary>
    public static FakeReply StreamTruncated(int afterChunks) => Fault(FakeReplyKind.StreamTruncated, afterChunks);

    /// <summary>Stream: <paramref name="afterChunks"/> content chunks, silence for <paramref name="stall"/>, then an unfinished end.</summary>
    public static FakeReply StreamStall(int afterChunks, TimeSpan stall) => Fault(FakeReplyKind.StreamStall, afterChunks) with { Stall = stall };

    /// <summary>Stream: <paramref name="afterChunks"/> content chunks, a <c>data: {not json</c> event, then the rest as normal.</summary>
    public static FakeReply MalformedChunk(int afterChunks) => Fault(FakeReplyKind.MalformedChunk, afterChunks);

    /// <summary>Stream: a complete answer with finish reason and usage, but no <c>[DONE]</c> / <c>message_stop</c>.</summary>
    public static FakeReply NoDone() => new(FakeReplyKind.NoDone, FaultText);

    /// <summary>Stream: every content chunk, then the end of the response without finish reason, usage or <c>[DONE]</c>.</summary>
    public static FakeReply NoFinish() => new(FakeReplyKind.NoFinish, FaultText);

    /// <summary>
    /// Stream: <paramref name="afterChunks"/> content chunks on a 200, then an in-band error event carrying the body of
    /// <paramref name="error"/> (default: overloaded), then the end of the response.
    /// </summary>
    public static FakeReply StreamError(int afterChunks, FakeReply? error = null)
    {
        var body = error ?? Overloaded();
        if (body.Kind != FakeReplyKind.Error)
        {
            throw new ArgumentException("The in-band error must be an error reply such as FakeReply.Overloaded().", nameof(error));
        }

        return Fault(FakeReplyKind.StreamError, afterChunks) with
        {
            StatusCode = body.StatusCode, OpenAiError = body.OpenAiError, AnthropicError = body.AnthropicError,
        };
    }

    /// <summary>This reply, after an extra <paramref name="delay"/> before the headers (for client timeouts).</summary>
    public FakeReply After(TimeSpan delay) => this with { HeaderDelay = HeaderDelay + delay };

    /// <summary>
    /// This error reply with the request's <c>Authorization</c> and <c>x-api-key</c> headers, and the bare key, appended to its message
    /// (<see cref="FakeReplyKind.Raw"/>: to its body), as an upstream that dumps the request it refused does.
    /// </summary>
    public FakeReply EchoingCredentials()
    {
        if (Kind is not (FakeReplyKind.Error or FakeReplyKind.Raw or FakeReplyKind.StreamError))
        {
            throw new InvalidOperationException("Only error, raw and in-band stream error replies can echo the request's credentials.");
        }

        return this with { EchoesCredentials = true };
    }

    /// <summary>This reply with another answer text.</summary>
    public FakeReply WithText(string text) => this with { Text = text };

    /// <summary>This reply with other token counts.</summary>
    public FakeReply WithUsage(int promptTokens, int completionTokens) =>
        this with { PromptTokens = promptTokens, CompletionTokens = completionTokens };

    /// <summary>This reply with another reasoning text for thinking-enabled Anthropic requests.</summary>
    public FakeReply WithThinking(string thinking) => this with { Thinking = thinking };

    /// <summary>This reply with a pause before every content chunk after the first (a slow but live stream).</summary>
    public FakeReply WithChunkDelay(TimeSpan delay) => this with { ChunkDelay = delay };

    /// <summary>This reply with another finish reason (a truncated or filtered 200).</summary>
    public FakeReply Finishing(FakeFinish finish) => this with { Finish = finish };

    /// <summary>This reply with the credentials of the request it answers appended, as <see cref="EchoingCredentials"/> promised.</summary>
    internal FakeReply Echoing(string authorization, string apiKey)
    {
        var bare = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..] : apiKey;
        var echo = $"request headers: Authorization: {authorization}\nx-api-key: {apiKey}\nthe key {bare} was used";
        return Kind == FakeReplyKind.Raw
            ? this with { RawBody = RawBody + "\n" + echo }
            : this with
            {
                OpenAiError = OpenAiError! with { Message = OpenAiError.Message + " (" + echo + ")" },
                AnthropicError = AnthropicError! with { Message = AnthropicError.Message + " (" + echo + ")" },
            };
    }

    /// <summary>A tool call's arguments as a stream sends them: in pieces of at most eight characters, which concatenate back.</summary>
    internal static IReadOnlyList<string> Fragments(string arguments) =>
        [.. Enumerable.Range(0, (arguments.Length + 7) / 8).Select(i => arguments.Substring(i * 8, Math.Min(8, arguments.Length - (i * 8))))];

    /// <summary>The text as the stream sends it: split before each run of whitespace, so the chunks concatenate back to the text.</summary>
    internal IReadOnlyList<string> Chunks()
    {
        var chunks = new List<string>();
        var start = 0;
        for (var i = 1; i < Text.Length; i++)
        {
            if (char.IsWhiteSpace(Text[i]) && !char.IsWhiteSpace(Text[i - 1]))
            {
                chunks.Add(Text[start..i]);
                start = i;
            }
        }

        if (start < Text.Length)
        {
            chunks.Add(Text[start..]);
        }

        return chunks;
    }

    private static FakeReply Fault(FakeReplyKind kind, int afterChunks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterChunks);
        return new(kind, FaultText) { AfterChunks = afterChunks };
    }
}
