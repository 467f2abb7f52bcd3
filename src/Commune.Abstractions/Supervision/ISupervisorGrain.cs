namespace Commune.Supervision;

/// <summary>
/// The supervisor (one, key <see cref="Key"/>): a reminder-backed sweep that releases the tasks of offline agents, flags stuck tasks
/// and keeps declared worker pools between their bounds. It awaits agents, tasks, runners and topics; none of them awaits it.
/// </summary>
[Alias("commune.supervision.ISupervisorGrain")]
public interface ISupervisorGrain : IGrainWithStringKey
{
    public const string Key = "default";

    /// <summary>Makes sure the sweep is scheduled (called at silo start; safe to repeat).</summary>
    Task StartAsync();

    /// <summary>Runs one sweep now and returns the report (tests and operators; the timer and reminder call the same code).</summary>
    Task<SupervisorReport> SweepAsync();

    Task<SupervisorReport> ReportAsync();

    /// <summary>Declares a pool, or updates its bounds in place when the name exists.</summary>
    Task<PoolReply> DeclarePoolAsync(PoolSpec spec);

    Task<PoolView?> GetPoolAsync(string name);

    Task<IReadOnlyList<PoolView>> ListPoolsAsync();

    /// <summary>Forgets the pool and retires its workers (their claimed tasks are released by the next sweep).</summary>
    Task<PoolReply> DeletePoolAsync(string name);
}
