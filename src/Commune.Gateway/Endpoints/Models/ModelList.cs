namespace Commune.Gateway.Endpoints.Models;

/// <summary>OpenAI's model list, with Commune's kind (profile or model), tier, simulation flag and price.</summary>
public sealed record ModelList(string Object, IReadOnlyList<ModelEntry> Data);
