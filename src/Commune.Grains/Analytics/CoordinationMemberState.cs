namespace Commune.Grains.Analytics;

/// <summary>An agent's teams: explicit ones and those implied by its registration's pool and parent.</summary>
[GenerateSerializer, Alias("commune.analytics.CoordinationMemberState")]
public sealed class CoordinationMemberState
{
    [Id(0)] public List<string> Teams { get; set; } = [];

    [Id(1)] public string? Pool { get; set; }

    [Id(2)] public string? Parent { get; set; }
}
