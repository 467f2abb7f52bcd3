using System.Text.Json;

namespace Commune.Grains.Tasks;

/// <summary>JSON as the HTTP API writes it (snake_case), for message payloads built inside grains.</summary>
public static class TaskJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options);
}
