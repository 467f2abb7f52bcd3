namespace Commune.Models;

/// <summary>
/// A streamed piece of a tool call, as OpenAI's chat deltas carry them: the first piece of call <see cref="Index"/> names its
/// <see cref="Id"/> and <see cref="Name"/>, later pieces append <see cref="ArgumentsFragment"/> to its arguments.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.models.ToolCallDelta")]
public sealed record ToolCallDelta(
    [property: Id(0)] int Index,
    [property: Id(1)] string? Id = null,
    [property: Id(2)] string? Name = null,
    [property: Id(3)] string? ArgumentsFragment = null);
