using Commune.Providers.Clients;
using Commune.Providers.Profiles;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Commune.Hosting.Models;

/// <summary>Logs at start-up which providers are real and which simulated, and every provider-alternation finding.</summary>
public sealed partial class ModelStartupReport(ProviderRegistry providers, ProfileCatalog profiles, ILogger<ModelStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in providers.Providers.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (provider.Simulated)
            {
                LogSimulated(provider.Name, provider.Kind);
            }
            else
            {
                LogProvider(provider.Name, provider.Kind, provider.BaseUrl?.ToString());
            }
        }

        var set = profiles.Current;
        LogProfiles(set.Profiles.Count, string.Join(", ", set.Profiles.Keys.Order(StringComparer.Ordinal)), profiles.AgentsFile ?? "(none)");
        foreach (var finding in set.Findings)
        {
            if (finding.Intentional)
            {
                LogIntentional(finding.Profile, finding.Message);
            }
            else
            {
                LogFinding(finding.Profile, finding.Kind, finding.Message);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider {Provider} ({Kind}) has no API key: the simulator answers for it, and every answer says so")]
    private partial void LogSimulated(string provider, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider {Provider} ({Kind}) at {BaseUrl}")]
    private partial void LogProvider(string provider, string kind, string? baseUrl);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} profiles: {Profiles}; agents file {AgentsFile}")]
    private partial void LogProfiles(int count, string profiles, string agentsFile);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Provider alternation: profile {Profile}: {Kind}: {Message}")]
    private partial void LogFinding(string profile, string kind, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Provider alternation (intentional): profile {Profile}: {Message}")]
    private partial void LogIntentional(string profile, string message);
}
