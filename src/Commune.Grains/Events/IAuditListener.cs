using Commune.Events;

namespace Commune.Grains.Events;

/// <summary>
/// Told of each batch the audit trail has written, on the trail's writer loop: it must return at once (hand the work elsewhere) and
/// never throw; the trail catches and logs anything it does throw.
/// </summary>
public interface IAuditListener
{
    void Written(IReadOnlyList<AuditEntry> batch);
}
