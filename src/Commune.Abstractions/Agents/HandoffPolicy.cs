namespace Commune.Agents;

/// <summary>
/// Seed 002's role rules: an orchestrator never hands off, a worker hands off when its task completes, a monitor is long-running.
/// The supervisor obeys them: it retires idle workers of a pool and ends spawned subagents after their task, and never retires the others.
/// </summary>
public enum HandoffPolicy
{
    /// <summary>Persistent: never retired by the supervisor (orchestrators).</summary>
    Never = 0,

    /// <summary>Hands off when its task completes: idle pool workers retire, spawned subagents end (workers and custom roles).</summary>
    AfterTask = 1,

    /// <summary>Long-running but may hand off when it says so (monitors); never retired for being idle.</summary>
    LongRunning = 2,
}
