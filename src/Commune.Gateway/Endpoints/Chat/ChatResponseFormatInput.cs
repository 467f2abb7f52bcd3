using System.Text.Json;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary><c>response_format</c>: <c>text</c>, <c>json_object</c>, or <c>json_schema</c> with <see cref="JsonSchema"/>.</summary>
public sealed class ChatResponseFormatInput
{
    public string? Type { get; set; }

    public ChatJsonSchemaInput? JsonSchema { get; set; }
}

/// <summary>The schema of a <c>json_schema</c> response format.</summary>
public sealed class ChatJsonSchemaInput
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public JsonElement Schema { get; set; }

    public bool? Strict { get; set; }
}
