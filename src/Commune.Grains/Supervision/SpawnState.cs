namespace Commune.Grains.Supervision;

/// <summary>How many subagents a parent has spawned: the next one is <c>{parent}.sub-{Count + 1}</c>.</summary>
[GenerateSerializer, Alias("commune.supervision.SpawnState")]
public sealed class SpawnState
{
    [Id(0)] public int Count { get; set; }
}
