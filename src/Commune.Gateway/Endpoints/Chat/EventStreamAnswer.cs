using Commune.Models;
using Microsoft.AspNetCore.Http.Features;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>
/// What every model route's streamed answer shares, whatever its event vocabulary: the headers that go out with the first token, and
/// the end of a stream that broke after it.
/// </summary>
public static class EventStreamAnswer
{
    private static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(100);

    /// <summary>Status, event-stream headers and the trail so far, sent with the first token; the body is not buffered.</summary>
    public static void Begin(HttpContext http, ModelStreamEvent started)
    {
        CommuneHeaders.Write(http.Response, started.Result!, started.Provider, started.Model, started.Simulated, null);
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>
    /// Aborts the response after its error event, so no client (SDKs, Claude Code, Codex) takes a cut answer for a whole one. Kestrel
    /// drops output it has not sent yet when a connection aborts, so the error event gets a moment first.
    /// </summary>
    public static async Task AbortAsync(HttpContext http)
    {
        await Task.Delay(AbortGrace, CancellationToken.None);
        http.Abort();
    }
}
