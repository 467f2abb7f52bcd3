using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>
/// Plays a <see cref="FakeReply"/> onto a real HTTP response in a protocol's dialect: the fault logic, written once.
/// Every write is flushed at once, so the client sees exactly the bytes and pauses the reply describes.
/// </summary>
internal static class FakeReplyWriter
{
    /// <summary>
    /// Time for bytes already flushed to leave the socket before an abort; Kestrel drops output still queued when the
    /// connection is aborted.
    /// </summary>
    private static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a cleanly closed connection waits for the client to hang up before it is aborted.</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    public static async Task WriteAsync(HttpContext context, IFakeDialect dialect, FakeCall call, FakeReply reply, CancellationToken ct)
    {
        if (reply.HeaderDelay > TimeSpan.Zero)
        {
            await Task.Delay(reply.HeaderDelay, ct);
        }

        if (reply.EchoesCredentials)
        {
            reply = reply.Echoing(context.Request.Headers.Authorization.ToString(), context.Request.Headers["x-api-key"].ToString());
        }

        var response = context.Response;
        dialect.AddHeaders(response);
        switch (reply.Kind)
        {
            case FakeReplyKind.ConnectionReset:
                context.Abort();
                return;
            case FakeReplyKind.ConnectionClosed:
                await CloseConnectionAsync(context, ct);
                return;
            case FakeReplyKind.Error:
                if (reply.RetryAfter is { } retryAfter)
                {
                    var seconds = (long)Math.Ceiling(retryAfter.TotalSeconds);
                    response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                await WriteWholeAsync(response, reply.StatusCode, "application/json", dialect.ErrorBody(reply), ct);
                return;
            case FakeReplyKind.Raw:
                await WriteWholeAsync(response, reply.StatusCode, reply.RawContentType, reply.RawBody, ct);
                return;
        }

        var answer = new FakeAnswer(call, reply, dialect.NewId(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        if (call.Stream)
        {
            await WriteStreamAsync(context, dialect, answer, ct);
        }
        else
        {
            await WriteCompletionAsync(context, dialect, answer, ct);
        }
    }

    /// <summary>
    /// A non-streaming answer. Headers go out first so <see cref="FakeReply.FirstChunkDelay"/> delays the body only;
    /// <see cref="FakeReplyKind.StreamCut"/> sends half the body and aborts. Other stream faults answer normally.
    /// </summary>
    private static async Task WriteCompletionAsync(HttpContext context, IFakeDialect dialect, FakeAnswer answer, CancellationToken ct)
    {
        var response = context.Response;
        var body = Encoding.UTF8.GetBytes(dialect.Completion(answer));
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);
        if (answer.Reply.FirstChunkDelay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Reply.FirstChunkDelay, ct);
        }

        if (answer.Reply.Kind is FakeReplyKind.StreamCut or FakeReplyKind.StreamTruncated)
        {
            await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), ct);
            await response.Body.FlushAsync(ct);
            await BreakAsync(context, answer.Reply.Kind, ct);
            return;
        }

        await response.Body.WriteAsync(body, ct);
        await response.Body.FlushAsync(ct);
    }

    private static async Task WriteStreamAsync(HttpContext context, IFakeDialect dialect, FakeAnswer answer, CancellationToken ct)
    {
        var reply = answer.Reply;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(ct);
        await response.Body.FlushAsync(ct);
        if (reply.FirstChunkDelay > TimeSpan.Zero)
        {
            await Task.Delay(reply.FirstChunkDelay, ct);
        }

        foreach (var frame in dialect.StreamStart(answer))
        {
            await SendAsync(response, frame, ct);
        }

        var chunks = reply.Chunks();
        var strikesAt = reply.Kind is FakeReplyKind.StreamCut or FakeReplyKind.StreamTruncated or FakeReplyKind.StreamStall
            or FakeReplyKind.MalformedChunk or FakeReplyKind.StreamError
            ? Math.Min(reply.AfterChunks, chunks.Count)
            : chunks.Count;
        for (var i = 0; i < strikesAt; i++)
        {
            await SendContentAsync(response, dialect, answer, chunks, i, ct);
        }

        switch (reply.Kind)
        {
            case FakeReplyKind.StreamCut or FakeReplyKind.StreamTruncated:
                await BreakAsync(context, reply.Kind, ct);
                return;
            case FakeReplyKind.StreamStall:
                await Task.Delay(reply.Stall, ct);
                return;
            case FakeReplyKind.StreamError:
                await SendAsync(response, dialect.StreamError(answer), ct);
                return;
            case FakeReplyKind.NoFinish:
                return;
            case FakeReplyKind.MalformedChunk:
                await SendAsync(response, dialect.StreamMalformed(answer), ct);
                for (var i = strikesAt; i < chunks.Count; i++)
                {
                    await SendContentAsync(response, dialect, answer, chunks, i, ct);
                }

                break;
        }

        foreach (var frame in dialect.StreamFinish(answer))
        {
            await SendAsync(response, frame, ct);
        }

        if (reply.Kind != FakeReplyKind.NoDone)
        {
            await SendAsync(response, dialect.StreamDone(answer), ct);
        }
    }

    /// <summary>Ends the connection in the middle of a response: reset (<see cref="FakeReplyKind.StreamCut"/>) or clean close.</summary>
    private static async Task BreakAsync(HttpContext context, FakeReplyKind kind, CancellationToken ct)
    {
        if (kind == FakeReplyKind.StreamCut)
        {
            await Task.Delay(AbortGrace, ct);
            context.Abort();
        }
        else
        {
            await CloseConnectionAsync(context, ct);
        }
    }

    /// <summary>
    /// Sends FIN on the socket, so the client reads a clean end of stream, however much of the response it has. Kestrel
    /// itself only closes by reset (<see cref="HttpContext.Abort"/>), so this goes under it to the socket; the handler then
    /// waits for the client to hang up, since aborting at once would reset the connection before the client reads the end.
    /// </summary>
    private static async Task CloseConnectionAsync(HttpContext context, CancellationToken ct)
    {
        await Task.Delay(AbortGrace, ct);
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket
            ?? throw new InvalidOperationException("The connection exposes no socket to close.");
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client hung up first: the connection is closed either way.
        }

        try
        {
            await Task.Delay(CloseWait, ct);
        }
        catch (OperationCanceledException)
        {
            // The client hung up, as expected.
        }

        context.Abort();
    }

    private static async Task SendContentAsync(
        HttpResponse response, IFakeDialect dialect, FakeAnswer answer, IReadOnlyList<string> chunks, int index, CancellationToken ct)
    {
        if (index > 0 && answer.Reply.ChunkDelay > TimeSpan.Zero)
        {
            await Task.Delay(answer.Reply.ChunkDelay, ct);
        }

        await SendAsync(response, dialect.StreamContent(answer, chunks[index]), ct);
    }

    private static async Task SendAsync(HttpResponse response, string frame, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(frame), ct);
        await response.Body.FlushAsync(ct);
    }

    private static async Task WriteWholeAsync(HttpResponse response, int status, string contentType, string body, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, ct);
        await response.Body.FlushAsync(ct);
    }
}
