namespace Commune.Models;

/// <summary>A function tool the caller offers the model. Commune never runs it: it carries the definition and the model's calls.</summary>
/// <param name="Name">The function's name, as the model will call it.</param>
/// <param name="Description">What the tool does, for the model.</param>
/// <param name="ParametersJson">The JSON schema of the arguments object, as JSON text.</param>
/// <param name="Strict">OpenAI's strict schema adherence, passed on where the provider supports it.</param>
[GenerateSerializer, Immutable, Alias("commune.models.ToolDefinition")]
public sealed record ToolDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] string ParametersJson,
    [property: Id(3)] bool? Strict = null);
