using Microsoft.AspNetCore.Http;

namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>
/// How one protocol spells answers, errors and stream events, so the fault logic in <see cref="FakeReplyWriter"/> is
/// written once for both protocols. Stream methods return complete server-sent-event frames (ending in a blank line).
/// </summary>
internal interface IFakeDialect
{
    /// <summary><see cref="FakeProtocol.OpenAi"/> or <see cref="FakeProtocol.Anthropic"/>.</summary>
    string Protocol { get; }

    /// <summary>A fresh response id (<c>chatcmpl-…</c>, <c>msg_…</c>).</summary>
    string NewId();

    /// <summary>Headers every response carries, such as the request id.</summary>
    void AddHeaders(HttpResponse response);

    /// <summary>The complete non-streaming answer.</summary>
    string Completion(FakeAnswer answer);

    /// <summary>The error body of an error reply.</summary>
    string ErrorBody(FakeReply reply);

    /// <summary>The body of a model listing.</summary>
    string Models(IEnumerable<string> models);

    /// <summary>Events before the first content chunk (role chunk; message_start, thinking, content_block_start).</summary>
    IEnumerable<string> StreamStart(FakeAnswer answer);

    /// <summary>One content chunk.</summary>
    string StreamContent(FakeAnswer answer, string text);

    /// <summary>Events that finish the answer: finish reason and usage.</summary>
    IEnumerable<string> StreamFinish(FakeAnswer answer);

    /// <summary>The event that ends the stream: <c>[DONE]</c> / <c>message_stop</c>.</summary>
    string StreamDone(FakeAnswer answer);

    /// <summary>An event whose data is not JSON.</summary>
    string StreamMalformed(FakeAnswer answer);

    /// <summary>An in-band error event on a 200 stream.</summary>
    string StreamError(FakeAnswer answer);
}
