namespace Commune.Health;

/// <summary>
/// A grain whose only job is to prove the cluster end to end: it activates somewhere in the cluster and round-trips
/// its state through grain storage. Readiness checks call it; operators and tests can call it with any key.
/// </summary>
[Alias("commune.health.IHealthProbeGrain")]
public interface IHealthProbeGrain : IGrainWithStringKey
{
    /// <summary>Records one probe in persistent state and reports where and how often this key has been probed.</summary>
    Task<ProbeReport> ProbeAsync();

    /// <summary>Reports the persisted probe record without writing.</summary>
    Task<ProbeReport> PeekAsync();
}
