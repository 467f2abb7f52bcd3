using Commune.Grains.GitHub;
using Commune.Providers.Clients;
using Commune.Providers.Errors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace Commune.Hosting.Security;

/// <summary>
/// Every secret value this process is configured with, for the <see cref="SecretRedactor"/>: provider API keys (configuration or
/// <c>OPENROUTER_API_KEY</c> / <c>ANTHROPIC_API_KEY</c>, as the registry resolved them), <c>GitHub:WebhookSecret</c>,
/// <c>GitHub:Token</c>, the gateway's <c>Gateway:ApiKeys</c> and the PostgreSQL password.
/// </summary>
public static class ConfiguredSecrets
{
    /// <summary>The gateway's key list; read by name because the gateway's options type lives in the gateway, above this project.</summary>
    public const string GatewayApiKeysSection = "Gateway:ApiKeys";

    /// <summary>The secret values, unfiltered (the redactor ignores blanks and values too short to match safely).</summary>
    public static IEnumerable<string?> Read(IConfiguration configuration, ProviderRegistry providers)
    {
        foreach (var provider in providers.Providers.Values)
        {
            yield return provider.Settings.ApiKey;
        }

        yield return configuration[$"{GitHubOptions.SectionName}:{nameof(GitHubOptions.WebhookSecret)}"];
        yield return configuration[$"{GitHubOptions.SectionName}:{nameof(GitHubOptions.Token)}"];
        foreach (var key in configuration.GetSection(GatewayApiKeysSection).GetChildren())
        {
            yield return key.Value;
        }

        yield return DatabasePassword(configuration);
    }

    /// <summary>Registers the one redactor of this process (the embedded gateway and its silo share it).</summary>
    public static IServiceCollection AddCommuneSecretRedactor(this IServiceCollection services, IConfiguration configuration, ProviderRegistry providers)
    {
        services.TryAddSingleton(new SecretRedactor(Read(configuration, providers)));
        return services;
    }

    private static string? DatabasePassword(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(CommuneDeployment.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).Password;
        }
        catch (ArgumentException)
        {
            // CommuneDeployment reports a malformed connection string; nothing to redact from it here.
            return null;
        }
    }
}
