using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Commune.Bench.Load;

/// <summary>
/// One run's result: a readable summary for people (stderr) and one JSON line for scripts (stdout). Latencies are in
/// milliseconds and describe successful requests only; <see cref="Statuses"/> counts every recorded request by HTTP status
/// ("0": no response).
/// </summary>
internal sealed record RunReport(
    string Command,
    string Url,
    string Model,
    bool Stream,
    double? TargetRps,
    int? Concurrency,
    int Connections,
    double DurationS,
    double WarmupS,
    long Requests,
    long Ok,
    long Errors,
    double? AchievedRps,
    double ThroughputRps,
    double? P50Ms,
    double? P90Ms,
    double? P99Ms,
    double? P999Ms,
    double? MaxMs,
    double? MeanMs,
    double? SendLagP99Ms,
    double? SendLagMaxMs,
    IReadOnlyDictionary<string, long> Statuses,
    string? FirstError)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static RunReport Create(
        string command,
        TargetOptions target,
        double? targetRps,
        int? concurrency,
        int connections,
        OutcomeTally tally,
        LatencySummary? latency,
        double? achievedRps,
        double throughputRps,
        LatencySummary? sendLag) => new(
            command,
            target.Url.ToString(),
            target.Model,
            target.Stream,
            targetRps,
            concurrency,
            connections,
            target.Duration.TotalSeconds,
            target.Warmup.TotalSeconds,
            tally.Ok + tally.Errors,
            tally.Ok,
            tally.Errors,
            Round(achievedRps, 1),
            Round(throughputRps, 1)!.Value,
            Round(latency?.P50),
            Round(latency?.P90),
            Round(latency?.P99),
            Round(latency?.P999),
            Round(latency?.Max),
            Round(latency?.Mean),
            Round(sendLag?.P99),
            Round(sendLag?.Max),
            tally.ByStatus(),
            tally.FirstError);

    /// <summary>Writes the summary to stderr and the JSON line to stdout.</summary>
    public void Print(string latencyMeaning)
    {
        var text = new StringBuilder();
        var load = TargetRps is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"{rate:0.###}/s over at most {Connections} connections")
            : $"{Concurrency} concurrent callers";
        text.Append(CultureInfo.InvariantCulture, $"{Command} {Url} (model {Model}{(Stream ? ", stream" : "")}): {load} for {DurationS:0.###} s after {WarmupS:0.###} s warm-up\n");
        var statuses = Statuses.Count == 0
            ? "none finished inside the measured window"
            : string.Join(", ", Statuses.Select(s => $"{(s.Key == "0" ? "no response" : s.Key)}: {s.Value}"));
        text.Append(CultureInfo.InvariantCulture, $"  {Requests} requests: {Ok} ok, {Errors} errors ({statuses}); ");
        text.Append(AchievedRps is { } sent
            ? string.Create(CultureInfo.InvariantCulture, $"sent at {sent:0.0}/s, {ThroughputRps:0.0} ok/s")
            : string.Create(CultureInfo.InvariantCulture, $"{ThroughputRps:0.0} ok/s"));
        if (SendLagP99Ms is { } lagP99)
        {
            text.Append(CultureInfo.InvariantCulture, $", scheduler lag p99 {lagP99:0.000} ms, max {SendLagMaxMs:0.000} ms");
        }

        text.Append('\n');
        text.Append(P50Ms is null
            ? "  no successful request: no latency\n"
            : string.Create(CultureInfo.InvariantCulture, $"  latency ms ({latencyMeaning}): p50 {P50Ms:0.000}  p90 {P90Ms:0.000}  p99 {P99Ms:0.000}  p99.9 {P999Ms:0.000}  max {MaxMs:0.000}  mean {MeanMs:0.000}\n"));
        if (FirstError is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  first error: {FirstError}\n");
        }

        Console.Error.Write(text.ToString());
        Console.Out.WriteLine(JsonSerializer.Serialize(this, s_json));
    }

    private static double? Round(double? value, int digits = 3) => value is { } v ? Math.Round(v, digits) : null;
}
