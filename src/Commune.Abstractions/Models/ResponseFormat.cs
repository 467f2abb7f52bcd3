namespace Commune.Models;

/// <summary>Structured output: <see cref="Kind"/> is text, json_object or json_schema; a schema comes with its name and JSON text.</summary>
[GenerateSerializer, Immutable, Alias("commune.models.ResponseFormat")]
public sealed record ResponseFormat(
    [property: Id(0)] string Kind,
    [property: Id(1)] string? SchemaName = null,
    [property: Id(2)] string? SchemaJson = null,
    [property: Id(3)] bool? Strict = null,
    [property: Id(4)] string? Description = null);

/// <summary>The kinds of <see cref="ResponseFormat"/>.</summary>
public static class ResponseFormatKinds
{
    public const string Text = "text";

    public const string JsonObject = "json_object";

    public const string JsonSchema = "json_schema";
}
