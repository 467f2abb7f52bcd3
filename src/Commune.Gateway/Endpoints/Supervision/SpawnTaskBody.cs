using System.Text.Json;

namespace Commune.Gateway.Endpoints.Supervision;

/// <summary>The delegated task of a spawn: title, description and any JSON input.</summary>
public sealed record SpawnTaskBody(string? Title, string? Description, JsonElement? Input);
