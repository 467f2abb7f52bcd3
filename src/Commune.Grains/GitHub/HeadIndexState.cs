namespace Commune.Grains.GitHub;

/// <summary>A repository's head SHAs with the PRs at each, oldest first.</summary>
[GenerateSerializer, Alias("commune.github.HeadIndexState")]
public sealed class HeadIndexState
{
    [Id(0)] public List<HeadIndexEntry> Heads { get; set; } = [];
}

/// <summary>One head SHA and the PRs whose head it was.</summary>
[GenerateSerializer, Alias("commune.github.HeadIndexEntry")]
public sealed class HeadIndexEntry
{
    [Id(0)] public string Sha { get; set; } = "";

    [Id(1)] public List<int> Numbers { get; set; } = [];
}
