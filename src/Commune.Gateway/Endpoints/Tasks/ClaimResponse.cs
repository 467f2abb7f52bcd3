using System.Text.Json;

namespace Commune.Gateway.Endpoints.Tasks;

/// <summary>A won claim: the lease, the fencing epoch, and what the previous attempts left (checkpoint and constraints).</summary>
public sealed record ClaimResponse(
    string TaskId,
    string AgentId,
    long Epoch,
    DateTimeOffset? LeaseExpiresAt,
    JsonElement? Checkpoint,
    IReadOnlyList<string> Constraints,
    TaskResponse Task);
