using Commune.Analytics;

namespace Commune.Grains.Analytics;

/// <summary>Known teams by name.</summary>
[GenerateSerializer, Alias("commune.analytics.CoordinationTeamListState")]
public sealed class CoordinationTeamListState
{
    [Id(0)] public Dictionary<string, CoordinationTeamEntry> Teams { get; set; } = new(StringComparer.Ordinal);
}
