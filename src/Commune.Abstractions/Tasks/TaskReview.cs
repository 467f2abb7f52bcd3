namespace Commune.Tasks;

/// <summary>A reviewer's verdict on submitted work (seed 002's review_complete).</summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.TaskReview")]
public sealed record TaskReview(
    [property: Id(0)] string ReviewerId,
    [property: Id(1)] bool Approved,
    [property: Id(2)] IReadOnlyList<string> Issues,
    [property: Id(3)] long Epoch,
    [property: Id(4)] DateTimeOffset At);
