using Commune.Models;

namespace Commune.Providers.Profiles;

/// <summary>An immutable, validated set of profiles with their alternation findings; replaced whole on reload.</summary>
public sealed class ProfileSet
{
    public ProfileSet(IReadOnlyDictionary<string, AgentProfile> profiles, DateTimeOffset loadedAt)
    {
        Profiles = profiles;
        LoadedAt = loadedAt;
        Findings = profiles.Values.OrderBy(p => p.Name, StringComparer.Ordinal).SelectMany(AlternationAnalyzer.Analyze).ToList();
    }

    public IReadOnlyDictionary<string, AgentProfile> Profiles { get; }

    public IReadOnlyList<AlternationFinding> Findings { get; }

    public DateTimeOffset LoadedAt { get; }

    public bool TryGet(string name, out AgentProfile profile) => Profiles.TryGetValue(name, out profile!);
}
