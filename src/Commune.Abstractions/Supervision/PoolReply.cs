using Commune.Agents;

namespace Commune.Supervision;

/// <summary>A pool command's answer: the pool as it is now, or why nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("commune.supervision.PoolReply")]
public sealed record PoolReply([property: Id(0)] PoolView? Pool, [property: Id(1)] AgentError? Error, [property: Id(2)] bool Created = false)
{
    public static PoolReply Ok(PoolView pool, bool created = false) => new(pool, null, created);

    public static PoolReply Refused(AgentErrorCode code, string message, params IReadOnlyList<string> details) => new(null, AgentError.Of(code, message, details));
}
