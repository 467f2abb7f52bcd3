namespace Commune.Agents;

/// <summary>
/// What <c>POST /v1/agents</c> carries. The name is the agent's id: registering it again updates the fields in place.
/// <see cref="Pool"/> and <see cref="Parent"/> are set by the supervisor for pool workers and spawned subagents.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.agents.AgentRegistration")]
public sealed record AgentRegistration(
    [property: Id(0)] string Name,
    [property: Id(1)] string Role,
    [property: Id(2)] string? Profile,
    [property: Id(3)] IReadOnlyList<string> Capabilities,
    [property: Id(4)] int MaxConcurrentTasks,
    [property: Id(5)] string? Pool = null,
    [property: Id(6)] string? Parent = null,
    [property: Id(7)] IReadOnlyList<string>? Subscriptions = null);
