namespace Commune.GitHub;

/// <summary>A PR an event is for, with the head SHA the payload names for it (check payloads list it per PR).</summary>
[GenerateSerializer, Immutable, Alias("commune.github.PullTarget")]
public sealed record PullTarget([property: Id(0)] int Number, [property: Id(1)] string? HeadSha);
