using Commune.Bench.Cli;

namespace Commune.Bench.Webhooks;

/// <summary>
/// The <c>webhooks</c> command line: signed GitHub deliveries to a running gateway (<c>--url</c>, started with the same
/// <c>GitHub:WebhookSecret</c> as <c>--secret</c>), spread over <c>--prs</c> pull requests by <c>--concurrency</c> senders.
/// </summary>
internal sealed record WebhookBenchOptions(string Url, string Secret, int PullRequests, int Deliveries, int Concurrency, TimeSpan DrainTimeout)
{
    public static WebhookBenchOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, ["url", "secret", "prs", "deliveries", "concurrency", "drain-timeout"], []);
        return new WebhookBenchOptions(
            line.Optional("url")?.TrimEnd('/') ?? throw new UsageException("webhooks needs --url of a running gateway"),
            line.Optional("secret") ?? throw new UsageException("webhooks needs --secret (the gateway's GitHub:WebhookSecret)"),
            line.Int("prs", 100, min: 1),
            line.Int("deliveries", 5000, min: 1),
            line.Int("concurrency", 16, min: 1),
            TimeSpan.FromSeconds(line.Double("drain-timeout", 120, min: 1)));
    }
}
