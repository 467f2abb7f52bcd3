namespace Commune.Models;

/// <summary>
/// One event of a streaming call. The first <see cref="ModelStreamEventKind.Started"/> names the step that answered; deltas follow;
/// the stream ends with exactly one <see cref="ModelStreamEventKind.Completed"/> or <see cref="ModelStreamEventKind.Failed"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.models.ModelStreamEvent")]
public sealed record ModelStreamEvent(
    [property: Id(0)] ModelStreamEventKind Kind,
    [property: Id(1)] string? Text = null,
    [property: Id(2)] string? Reasoning = null,
    [property: Id(3)] string? Provider = null,
    [property: Id(4)] string? Model = null,
    [property: Id(5)] bool Simulated = false,
    [property: Id(6)] ModelCallResult? Result = null,
    [property: Id(7)] ToolCallDelta? ToolCall = null,
    [property: Id(8)] string? ReasoningSignature = null);

/// <summary>Kinds of <see cref="ModelStreamEvent"/>.</summary>
[GenerateSerializer, Alias("commune.models.ModelStreamEventKind")]
public enum ModelStreamEventKind
{
    /// <summary>A step produced its first token; Provider, Model and Profile are known.</summary>
    Started = 0,

    /// <summary>
    /// Text (or reasoning) to append, a piece of a tool call (<see cref="ModelStreamEvent.ToolCall"/>), or the signature that closes the
    /// reasoning (<see cref="ModelStreamEvent.ReasoningSignature"/>).
    /// </summary>
    Delta = 1,

    /// <summary>The answer is complete; Result carries usage, cost and the trail.</summary>
    Completed = 2,

    /// <summary>No answer, or the stream broke after it started; Result carries the error and the trail.</summary>
    Failed = 3,
}
