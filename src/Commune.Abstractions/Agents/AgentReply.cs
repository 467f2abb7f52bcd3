namespace Commune.Agents;

/// <summary>An agent command's answer: the agent as it is now, or why nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("commune.agents.AgentReply")]
public sealed record AgentReply([property: Id(0)] AgentView? Agent, [property: Id(1)] AgentError? Error, [property: Id(2)] bool Created = false)
{
    public bool Succeeded => Error is null;

    public static AgentReply Ok(AgentView agent, bool created = false) => new(agent, null, created);

    public static AgentReply Refused(AgentErrorCode code, string message, params IReadOnlyList<string> details) => new(null, AgentError.Of(code, message, details));
}
