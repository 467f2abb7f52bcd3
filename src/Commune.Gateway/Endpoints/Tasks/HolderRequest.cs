using System.Text.Json;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>What the holder sends to renew, release, complete, submit or fail: who, which epoch, and the result, error or reason.</summary>
public sealed record HolderRequest(string? AgentId, long? Epoch, JsonElement? Result, string? Error, string? Reason);
