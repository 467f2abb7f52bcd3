namespace Commune.Analytics;

/// <summary>
/// One thing an agent of a team did, for the coordination measures. <see cref="Action"/> is its kind (<c>message</c>, <c>claim</c>,
/// <c>complete</c>, <c>fail</c>, <c>review</c>, <c>model_call</c>…) and becomes the agent's state in that step; <see cref="Role"/> is the
/// behaviour label specialization counts (the action when null); <see cref="Outcome"/> (<c>success</c> or <c>failure</c>) counts
/// toward the team's performance. <see cref="Step"/> places it in an explicit step; null means the step that contains <see cref="At"/>.
/// <see cref="TaskType"/> groups outcomes for the best pairs per task type.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationObservation")]
public sealed record CoordinationObservation(
    [property: Id(0)] string Agent,
    [property: Id(1)] string Action,
    [property: Id(2)] string? Role,
    [property: Id(3)] string? Outcome,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] long? Step = null,
    [property: Id(6)] string? TaskType = null);
