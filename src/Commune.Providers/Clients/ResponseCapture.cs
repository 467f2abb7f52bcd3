namespace Commune.Providers.Clients;

/// <summary>
/// What the HTTP layer saw of one provider call: status, Retry-After and the start of an error body. The SDKs' exceptions do not all
/// carry headers, so <see cref="ResponseCaptureHandler"/> records them here for the classifier.
/// </summary>
public sealed class ResponseCapture
{
    private static readonly AsyncLocal<ResponseCapture?> CurrentCapture = new();

    /// <summary>The capture of the call running in this async flow, if one was begun.</summary>
    public static ResponseCapture? Current => CurrentCapture.Value;

    /// <summary>HTTP status of the last response, or null when none arrived (connection failure, timeout before headers).</summary>
    public int? Status { get; set; }

    /// <summary>The provider's Retry-After (or retry-after-ms).</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>The first 4 KB of an error body.</summary>
    public string? ErrorBody { get; set; }

    /// <summary>Starts capturing for the calls made from the current async flow (the flow's children inherit it).</summary>
    public static ResponseCapture Begin()
    {
        var capture = new ResponseCapture();
        CurrentCapture.Value = capture;
        return capture;
    }

    /// <summary>Clears between tries of the same step.</summary>
    public void Reset()
    {
        Status = null;
        RetryAfter = null;
        ErrorBody = null;
    }
}
