using Commune.Monitoring;

namespace Commune.Analytics;

/// <summary>
/// A team's live coordination report over the last <see cref="Window"/> steps (<see cref="FirstStep"/>..<see cref="LastStep"/>), in
/// bits. <see cref="PracticalCriterion"/> is S = I(V_t; V_t+1) − Σ_k I(X_k,t; V_t+1) for the team's activity level V (quantile
/// bins); <see cref="History"/> holds the periodic reports' summaries, oldest first; <see cref="Alerts"/> the team's recent alerts.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.analytics.CoordinationReport")]
public sealed record CoordinationReport(
    [property: Id(0)] string Team,
    [property: Id(1)] DateTimeOffset GeneratedAt,
    [property: Id(2)] int Window,
    [property: Id(3)] long FirstStep,
    [property: Id(4)] long LastStep,
    [property: Id(5)] double StepSeconds,
    [property: Id(6)] int Permutations,
    [property: Id(7)] IReadOnlyList<string> Members,
    [property: Id(8)] IReadOnlyList<string> Agents,
    [property: Id(9)] CoordinationPoint Summary,
    [property: Id(10)] int Successes,
    [property: Id(11)] int Failures,
    [property: Id(12)] IReadOnlyList<CoordinationPair> Pairs,
    [property: Id(13)] IReadOnlyList<CoordinationLead> Leaders,
    [property: Id(14)] IReadOnlyList<CoordinationRole> Specialization,
    [property: Id(15)] CoordinationMeasure? PracticalCriterion,
    [property: Id(16)] IReadOnlyList<CoordinationAdvice> Advice,
    [property: Id(17)] IReadOnlyList<CoordinationBestPair> BestPairs,
    [property: Id(18)] IReadOnlyList<CoordinationPoint> History,
    [property: Id(19)] bool Alerting,
    [property: Id(20)] IReadOnlyList<MonitorAlert> Alerts);
