namespace Commune.Agents;

/// <summary>The built-in roles; any other role (<c>code-analyzer</c>, <c>test-runner</c>) is a custom worker role.</summary>
public static class AgentRoles
{
    public const string Orchestrator = "orchestrator";
    public const string Worker = "worker";
    public const string Monitor = "monitor";

    public static HandoffPolicy Handoff(string role) => role switch
    {
        Orchestrator => HandoffPolicy.Never,
        Monitor => HandoffPolicy.LongRunning,
        _ => HandoffPolicy.AfterTask,
    };

    public static string Name(this HandoffPolicy policy) => policy switch
    {
        HandoffPolicy.Never => "never",
        HandoffPolicy.AfterTask => "after_task",
        HandoffPolicy.LongRunning => "long_running",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, null),
    };
}
