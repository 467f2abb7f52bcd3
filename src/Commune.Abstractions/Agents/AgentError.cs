namespace Commune.Agents;

/// <summary>A refused agent or message command: the rule that failed, the items concerned and, when throttled, how long to wait.</summary>
[GenerateSerializer, Immutable, Alias("commune.agents.AgentError")]
public sealed record AgentError(
    [property: Id(0)] AgentErrorCode Code,
    [property: Id(1)] string Message,
    [property: Id(2)] IReadOnlyList<string> Details,
    [property: Id(3)] TimeSpan? RetryAfter = null)
{
    public static AgentError Of(AgentErrorCode code, string message, params IReadOnlyList<string> details) => new(code, message, details);
}
