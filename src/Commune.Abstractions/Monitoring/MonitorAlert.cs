namespace Commune.Monitoring;

/// <summary>
/// An edge of a check: <c>firing</c> when it moves to warning or critical (or between them), <c>resolved</c> when it is ok again.
/// This is also the JSON POSTed to <c>Monitor:AlertWebhook</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.monitoring.MonitorAlert")]
public sealed record MonitorAlert(
    [property: Id(0)] string Id,
    [property: Id(1)] string Check,
    [property: Id(2)] string State,
    [property: Id(3)] string Status,
    [property: Id(4)] string PreviousStatus,
    [property: Id(5)] double Value,
    [property: Id(6)] double? Threshold,
    [property: Id(7)] string Message,
    [property: Id(8)] DateTimeOffset At);
