namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>
/// What a <see cref="FakeReply"/> does to the request it answers. The stream faults shape event streams; a non-streaming
/// request gets the plain answer from them, except from the cuts, which break its JSON body halfway.
/// </summary>
public enum FakeReplyKind
{
    /// <summary>A successful answer: a JSON completion, or a complete event stream.</summary>
    Ok,

    /// <summary>An HTTP error status with the provider's JSON error body (streaming requests too: errors come before the stream).</summary>
    Error,

    /// <summary>Any status with a raw body and content type, e.g. an HTML page from a proxy in front of the provider.</summary>
    Raw,

    /// <summary>The connection is aborted (TCP RST) before any response is written.</summary>
    ConnectionReset,

    /// <summary>The server closes the connection cleanly (TCP FIN) before any response is written.</summary>
    ConnectionClosed,

    /// <summary>
    /// Stream: N content chunks, then the connection is aborted (TCP RST). Non-streaming: headers and half the JSON body,
    /// then abort.
    /// </summary>
    StreamCut,

    /// <summary>
    /// Stream: N content chunks, then the server closes the connection cleanly (TCP FIN) in the middle of the chunked
    /// body. Non-streaming: headers and half the JSON body, then the clean close.
    /// </summary>
    StreamTruncated,

    /// <summary>Stream: N content chunks, then silence for the stall, then the response ends without finishing.</summary>
    StreamStall,

    /// <summary>Stream: N content chunks, then a <c>data: {not json</c> event, then the rest of a normal stream.</summary>
    MalformedChunk,

    /// <summary>Stream: everything including finish reason and usage, but no <c>[DONE]</c> (Anthropic: no <c>message_stop</c>).</summary>
    NoDone,

    /// <summary>Stream: content chunks, then the response ends without finish reason, usage or <c>[DONE]</c>.</summary>
    NoFinish,

    /// <summary>
    /// Stream: N content chunks, then an in-band error event on an HTTP 200 stream (Anthropic <c>event: error</c>,
    /// OpenRouter a chunk with <c>error</c> and <c>finish_reason: "error"</c>), then the response ends.
    /// </summary>
    StreamError,
}
