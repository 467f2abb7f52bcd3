namespace Commune.Analytics;

/// <summary>A report, or why there is none: <see cref="NotFound"/> (nothing recorded for the team) or <see cref="Invalid"/> (the rule broken).</summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationReply")]
public sealed record CoordinationReply(
    [property: Id(0)] CoordinationReport? Report,
    [property: Id(1)] bool NotFound,
    [property: Id(2)] string? Invalid)
{
    public static CoordinationReply Missing { get; } = new(null, true, null);

    public static CoordinationReply Refused(string rule) => new(null, false, rule);
}
