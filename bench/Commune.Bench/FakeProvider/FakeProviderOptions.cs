using Commune.Bench.Cli;

namespace Commune.Bench.FakeProvider;

/// <summary>The fake provider's command line.</summary>
/// <param name="Port">Loopback port to listen on.</param>
/// <param name="LatencyMs">Delay before each completion answers; 0 answers at once.</param>
/// <param name="FailStatus">When set, every completion answers this status with an OpenAI-style error body.</param>
internal sealed record FakeProviderOptions(int Port, int LatencyMs, int? FailStatus)
{
    public static FakeProviderOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, ["port", "latency-ms", "fail-status"], []);
        int? failStatus = line.Optional("fail-status") is null ? null : line.Int("fail-status", min: 100);
        if (failStatus is > 599)
        {
            throw new UsageException("--fail-status must be an HTTP status (100-599)");
        }

        return new FakeProviderOptions(line.Int("port", min: 1), line.Int("latency-ms", 0, min: 0), failStatus);
    }
}
