namespace Commune.Models;

/// <summary>The cluster's escalation records (key <see cref="Key"/>); low volume by nature, so one grain.</summary>
[Alias("commune.models.IEscalationLogGrain")]
public interface IEscalationLogGrain : IGrainWithStringKey
{
    /// <summary>The one log's key.</summary>
    const string Key = "all";

    /// <summary>Records an escalation; idempotent on its id.</summary>
    Task RecordAsync(Escalation escalation);

    /// <summary>The most recent escalations, newest first.</summary>
    Task<IReadOnlyList<Escalation>> ListAsync(int limit);
}
