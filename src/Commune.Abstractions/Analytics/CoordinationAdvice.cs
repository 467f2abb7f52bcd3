namespace Commune.Analytics;

/// <summary>What to do about the team (seeds 000/001): <c>add_specialist</c>, <c>remove_agent</c> (naming it) or <c>keep</c>.</summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationAdvice")]
public sealed record CoordinationAdvice(
    [property: Id(0)] string Code,
    [property: Id(1)] string Message,
    [property: Id(2)] IReadOnlyList<string> Agents);
