using Orleans.Concurrency;

namespace Commune.Supervision;

/// <summary>
/// Drives one managed agent (key = agent id): heartbeats, takes work, runs it through the agent's profile and finishes it. Timer-driven
/// while the agent lives, with a reminder so it comes back after its silo dies. Nothing it calls ever awaits it.
/// </summary>
[Alias("commune.supervision.IAgentRunnerGrain")]
public interface IAgentRunnerGrain : IGrainWithStringKey
{
    /// <summary>Starts (or keeps) driving the agent. Safe to repeat.</summary>
    Task StartAsync(RunnerAssignment assignment);

    /// <summary>Wakes the runner up (the supervisor's nudge after a restart). One-way.</summary>
    [OneWay]
    Task PokeAsync();
}
