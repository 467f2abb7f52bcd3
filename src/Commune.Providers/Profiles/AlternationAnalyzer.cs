using Commune.Models;

namespace Commune.Providers.Profiles;

/// <summary>
/// The seeds' provider-alternation rule: a step on the same provider as the step before shares its outage, and a chain entirely on
/// one provider has a single point of failure.
/// </summary>
public static class AlternationAnalyzer
{
    public const string SameProvider = "same_provider";
    public const string SingleProvider = "single_provider";

    /// <summary>Findings for one profile, in chain order; a one-provider chain adds a <c>single_provider</c> finding.</summary>
    public static IReadOnlyList<AlternationFinding> Analyze(AgentProfile profile)
    {
        var findings = new List<AlternationFinding>();
        var chain = profile.Chain;
        for (var i = 1; i < chain.Count; i++)
        {
            var provider = chain[i].Model.Provider;
            if (string.Equals(provider, chain[i - 1].Model.Provider, StringComparison.Ordinal))
            {
                findings.Add(new AlternationFinding(
                    profile.Name,
                    SameProvider,
                    i,
                    provider,
                    profile.AllowSameProvider,
                    $"Step {i} ({chain[i].Model}) stays on '{provider}' like step {i - 1} ({chain[i - 1].Model}): one '{provider}' outage takes out both." +
                    (profile.AllowSameProvider ? " Marked intentional (allowSameProvider)." : " Alternate providers, or set allowSameProvider if intended.")));
            }
        }

        if (chain.Select(s => s.Model.Provider).Distinct(StringComparer.Ordinal).Count() == 1)
        {
            var provider = chain[0].Model.Provider;
            findings.Add(new AlternationFinding(
                profile.Name,
                SingleProvider,
                0,
                provider,
                false,
                $"Every step of '{profile.Name}' is on '{provider}': a single '{provider}' failure blocks the whole chain. Add a step on another provider."));
        }

        return findings;
    }
}
