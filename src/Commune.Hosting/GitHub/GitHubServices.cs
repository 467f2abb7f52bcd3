using Commune.GitHub;
using Commune.Grains.GitHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Hosting.GitHub;

/// <summary>
/// The GitHub integration: <c>GitHub:*</c> options, checked at start-up so a bad value stops the process with its key named, and on
/// silos the output to GitHub — the REST API when <c>GitHub:Token</c> is set, otherwise the recording outbox.
/// </summary>
public static class GitHubServices
{
    /// <summary>Binds and checks <c>GitHub:*</c> (the gateway needs them for the webhook, silos for sessions and output).</summary>
    public static IServiceCollection AddCommuneGitHubOptions(this IServiceCollection services, IConfiguration configuration)
    {
        // The embedded gateway and its silo share one container: bind once (binding twice appends to arrays).
        if (services.Any(d => d.ServiceType == typeof(GitHubOptionsBound)))
        {
            return services;
        }

        services.AddSingleton<GitHubOptionsBound>();
        var section = configuration.GetSection(GitHubOptions.SectionName);
        var problems = Problems(section.Get<GitHubOptions>() ?? new GitHubOptions()).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid GitHub configuration: " + string.Join(" ", problems));
        }

        services.AddOptions<GitHubOptions>().Bind(section);
        return services;
    }

    public static ISiloBuilder AddCommuneGitHub(this ISiloBuilder silo)
    {
        var services = silo.Services;
        services.AddCommuneGitHubOptions(silo.Configuration);
        services.AddHttpClient(GitHubRestOutput.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        var live = !string.IsNullOrWhiteSpace(silo.Configuration[$"{GitHubOptions.SectionName}:{nameof(GitHubOptions.Token)}"]);
        services.AddSingleton<IGitHubOutput>(sp => live
            ? ActivatorUtilities.CreateInstance<GitHubRestOutput>(sp)
            : ActivatorUtilities.CreateInstance<RecordingGitHubOutput>(sp));
        return silo;
    }

    private static IEnumerable<string> Problems(GitHubOptions o)
    {
        const string s = GitHubOptions.SectionName;
        if (o.MaxPayloadBytes is < 1024 or > 25 * 1024 * 1024)
        {
            yield return $"{s}:MaxPayloadBytes must be between 1024 and 26214400 (GitHub's 25 MB cap), not {o.MaxPayloadBytes}.";
        }

        if (o.SessionLogLimit is < 10 or > 10_000)
        {
            yield return $"{s}:SessionLogLimit must be between 10 and 10000, not {o.SessionLogLimit}.";
        }

        if (o.PullRequestTokenBudget < 1)
        {
            yield return $"{s}:PullRequestTokenBudget must be at least 1 token.";
        }

        if (o.DeliveryRetention < TimeSpan.FromMinutes(1))
        {
            yield return $"{s}:DeliveryRetention must be at least 1 minute (GitHub redelivers for days).";
        }

        if (o.DeliveriesPerShard < 100)
        {
            yield return $"{s}:DeliveriesPerShard must be at least 100.";
        }

        if (o.OutboxCapacity < 1)
        {
            yield return $"{s}:OutboxCapacity must be at least 1.";
        }

        if (!o.ApiUrl.IsAbsoluteUri || o.ApiUrl.Scheme is not ("http" or "https"))
        {
            yield return $"{s}:ApiUrl must be an absolute http(s) URL, not '{o.ApiUrl}'.";
        }

        if (string.IsNullOrWhiteSpace(o.Triage.Profile))
        {
            yield return $"{s}:Triage:Profile must name a profile (default ci-triage).";
        }

        if (o.Triage.MaxTokens < 1 || o.Triage.MaxOutputChars < 100)
        {
            yield return $"{s}:Triage:MaxTokens must be at least 1 and {s}:Triage:MaxOutputChars at least 100.";
        }
    }

    private sealed class GitHubOptionsBound;
}
