namespace Commune.Monitoring;

/// <summary>
/// Cluster-wide message volume (key <see cref="Key"/>). Each silo counts in memory and flushes its increments every
/// <c>Monitor:MessageFlushInterval</c>, so the grain takes a few calls per silo per interval however many messages flow.
/// </summary>
[Alias("commune.monitoring.IMessageStatsGrain")]
public interface IMessageStatsGrain : IGrainWithStringKey
{
    /// <summary>The one stats grain's key.</summary>
    const string Key = "cluster";

    /// <summary>Adds a silo's increments.</summary>
    Task AddAsync(MessageCounts counts);

    /// <summary>Totals and the last minute's sends.</summary>
    Task<MessageVolume> GetAsync();
}
