using Commune.Events;

namespace Commune.Grains.Events;

/// <summary>
/// Where grains record what happened (a silo-wide singleton). <see cref="Record"/> only enqueues: it never blocks, never throws and
/// returns nothing to await, so a grain calls it inside its turn right after the state write it describes. The entries reach the event
/// store in batches shortly afterwards; a silo crash loses at most what was still buffered.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Enqueues the entry; a null trace id is filled from <c>Activity.Current</c>.</summary>
    void Record(AuditEntry entry);
}
