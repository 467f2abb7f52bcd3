namespace Commune.Models;

/// <summary>A call of one of the caller's tools that a model asked for. <see cref="ArgumentsJson"/> is the arguments object as JSON text.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ToolCall")]
public sealed record ToolCall([property: Id(0)] string Id, [property: Id(1)] string Name, [property: Id(2)] string ArgumentsJson);
