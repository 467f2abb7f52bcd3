using System.Globalization;

namespace Commune.Providers.Clients;

/// <summary>Records status, Retry-After and error bodies into <see cref="ResponseCapture.Current"/>; the response is passed on unchanged.</summary>
public sealed class ResponseCaptureHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private const int MaxErrorBody = 4096;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (ResponseCapture.Current is not { } capture)
        {
            return response;
        }

        capture.Status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            capture.RetryAfter = RetryAfter(response);

            // Buffered, so the SDK can still read the body to build its own exception.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            capture.ErrorBody = body.Length > MaxErrorBody ? body[..MaxErrorBody] : body;
        }

        return response;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
