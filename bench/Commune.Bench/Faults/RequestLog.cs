using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Commune.Bench.Faults;

/// <summary>
/// Every HTTP request of the run: its status (0 for a transport failure or a client timeout) and latency. Thread-safe: workers
/// record concurrently.
/// </summary>
internal sealed class RequestLog
{
    private readonly ConcurrentQueue<(double At, int Status, double Milliseconds, string Operation)> _requests = new();
    private readonly Stopwatch _clock;

    public RequestLog(Stopwatch clock) => _clock = clock;

    public double Now => _clock.Elapsed.TotalSeconds;

    /// <summary>Sends the request and records it; a transport failure or timeout is recorded as status 0 and returned as null.</summary>
    public async Task<HttpResponseMessage?> SendAsync(HttpClient http, Func<HttpRequestMessage> request, string operation)
    {
        var started = Stopwatch.GetTimestamp();
        var at = Now;
        try
        {
            var response = await http.SendAsync(request());
            _requests.Enqueue((at, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds, operation));
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            _requests.Enqueue((at, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds, operation));
            return null;
        }
    }

    public int Count => _requests.Count;

    public int ServerErrors => _requests.Count(r => r.Status >= 500);

    public int TransportFailures => _requests.Count(r => r.Status == 0);

    public IReadOnlyDictionary<string, int> StatusCounts =>
        _requests.GroupBy(r => r.Status == 0 ? "transport" : ((HttpStatusCode)r.Status).ToString())
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>The longest request and when it started (seconds into the run).</summary>
    public (double Milliseconds, double At, string Operation) Longest()
    {
        var longest = _requests.DefaultIfEmpty().MaxBy(r => r.Milliseconds);
        return (longest.Milliseconds, longest.At, longest.Operation ?? "");
    }

    /// <summary>The longest request that started at or after <paramref name="from"/> seconds.</summary>
    public double LongestSince(double from) =>
        _requests.Where(r => r.At >= from).Select(r => r.Milliseconds).DefaultIfEmpty().Max();
}
