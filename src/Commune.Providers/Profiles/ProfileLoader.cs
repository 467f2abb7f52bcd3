using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Commune.Providers.Profiles;

/// <summary>Reads profile settings from the seeds' defaults, <c>Agents:*</c> configuration and an OpenClaw-shaped agents file.</summary>
public static class ProfileLoader
{
    private static readonly JsonSerializerOptions FileJson = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Settings by name with their source; later sources replace earlier ones whole, by name.</summary>
    public static Dictionary<string, (ProfileSettings Settings, string Source)> Read(
        IConfiguration configuration,
        string? agentsFile,
        List<string> errors)
    {
        var result = new Dictionary<string, (ProfileSettings, string)>(StringComparer.Ordinal);
        foreach (var (name, settings) in DefaultProfiles.All)
        {
            result[name] = (settings, ProfileSource.Default);
        }

        foreach (var section in configuration.GetSection("Agents").GetChildren())
        {
            var settings = new ProfileSettings();
            try
            {
                section.Bind(settings);
            }
            catch (InvalidOperationException ex)
            {
                errors.Add($"Agents:{section.Key}: {ex.Message}");
                continue;
            }

            result[section.Key] = (settings, ProfileSource.Configuration);
        }

        if (!string.IsNullOrWhiteSpace(agentsFile))
        {
            foreach (var (name, settings) in ReadFile(agentsFile, errors))
            {
                result[name] = (settings, ProfileSource.File);
            }
        }

        return result;
    }

    /// <summary>Parses <c>{"agents": {"name": {...}}}</c>; a missing or malformed file is an error naming the path.</summary>
    public static IEnumerable<KeyValuePair<string, ProfileSettings>> ReadFile(string path, List<string> errors)
    {
        AgentsFile? document;
        try
        {
            using var stream = File.OpenRead(path);
            document = JsonSerializer.Deserialize<AgentsFile>(stream, FileJson);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"Commune:AgentsFile: cannot read '{path}': {ex.Message}");
            return [];
        }
        catch (JsonException ex)
        {
            errors.Add($"Commune:AgentsFile: '{path}' is not valid JSON of the form {{\"agents\": {{...}}}}: {ex.Message}");
            return [];
        }

        if (document?.Agents is null)
        {
            errors.Add($"Commune:AgentsFile: '{path}' has no \"agents\" object.");
            return [];
        }

        return document.Agents;
    }

    private sealed class AgentsFile
    {
        public Dictionary<string, ProfileSettings>? Agents { get; set; }
    }
}
