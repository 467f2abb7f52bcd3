using Commune.Bench.Cli;

namespace Commune.Bench.Load;

/// <summary>What both load commands send, where, and for how long.</summary>
/// <param name="Url">The completions address.</param>
/// <param name="Model">The request's <c>model</c>.</param>
/// <param name="Stream">Ask for an SSE stream.</param>
/// <param name="Tools">Offer two function tools and require a call: the answer is a tool call.</param>
/// <param name="Headers">Extra request headers (e.g. <c>x-portkey-config</c>).</param>
/// <param name="Duration">The measured phase.</param>
/// <param name="Warmup">Load sent before the measured phase and not recorded.</param>
/// <param name="Timeout">A request not answered by then is an error.</param>
internal sealed record TargetOptions(
    Uri Url,
    string Model,
    bool Stream,
    bool Tools,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    TimeSpan Duration,
    TimeSpan Warmup,
    TimeSpan Timeout)
{
    public static readonly string[] OptionNames = ["url", "model", "header", "duration", "warmup", "timeout"];

    public static readonly string[] FlagNames = ["stream", "tools"];

    public static TargetOptions From(CommandLine line)
    {
        var url = line.Required("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url must be an absolute http(s) address, not '{url}'");
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var header in line.All("header"))
        {
            var equals = header.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"--header must be name=value, not '{header}'");
            }

            headers.Add(new(header[..equals], header[(equals + 1)..]));
        }

        var duration = line.Double("duration", min: 0.1);
        return new TargetOptions(
            uri,
            line.Optional("model") ?? "bench-model",
            line.Flag("stream"),
            line.Flag("tools"),
            headers,
            TimeSpan.FromSeconds(duration),
            TimeSpan.FromSeconds(line.Double("warmup", 5)),
            TimeSpan.FromSeconds(line.Double("timeout", 30, min: 0.1)));
    }
}
