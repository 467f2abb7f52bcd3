namespace Commune.Supervision;

/// <summary>What a sweep decided for a pool and why: <c>replace</c>, <c>scale_up</c>, <c>retire</c> or <c>hold</c>.</summary>
[GenerateSerializer, Immutable, Alias("commune.supervision.ScalingDecision")]
public sealed record ScalingDecision(
    [property: Id(0)] string Action,
    [property: Id(1)] string Reason,
    [property: Id(2)] int LiveWorkers,
    [property: Id(3)] int PendingTasks,
    [property: Id(4)] IReadOnlyList<string> Added,
    [property: Id(5)] IReadOnlyList<string> Retired,
    [property: Id(6)] DateTimeOffset At)
{
    public const string Replace = "replace";
    public const string ScaleUp = "scale_up";
    public const string Retire = "retire";
    public const string Hold = "hold";
}
