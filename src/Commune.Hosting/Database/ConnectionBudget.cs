namespace Commune.Hosting.Database;

/// <summary>What the PostgreSQL server allows: <c>max_connections</c> less the slots it keeps for superusers and reserved roles.</summary>
public sealed record ConnectionLimits(int MaxConnections, int SuperuserReserved, int Reserved)
{
    /// <summary>Slots ordinary roles, Commune's among them, can take.</summary>
    public int Available => Math.Max(0, MaxConnections - SuperuserReserved - Reserved);
}

/// <summary>The outcome of <see cref="ConnectionBudget.Evaluate"/>; the suggestions are only meaningful when it does not fit.</summary>
/// <param name="Silos">The silos counted: the ones already active plus the one starting.</param>
/// <param name="Needed">Connections the silos may open at most: silos × pool size.</param>
/// <param name="Available">Slots the server gives ordinary roles.</param>
/// <param name="SuggestedMaxConnections">A <c>max_connections</c> that fits the silos, their gateways and some headroom.</param>
/// <param name="SuggestedPoolSize">The largest pool size with which the silos fit the server as it is (at least 1).</param>
public sealed record ConnectionFit(int Silos, int Needed, int Available, int SuggestedMaxConnections, int SuggestedPoolSize)
{
    public bool Fits => Needed <= Available;
}

/// <summary>
/// Sizes PostgreSQL connections for a cluster: every silo may fill its own pool (Orleans storage, membership, reminders and the audit
/// trail share one), so the server must give ordinary roles at least silos × pool size. Gateways and administration need a few more;
/// <see cref="Headroom"/> covers them in the suggested <c>max_connections</c>.
/// </summary>
public static class ConnectionBudget
{
    /// <summary>Connections left in the suggestion for gateways' membership reads, migrations and an operator's psql.</summary>
    public const int Headroom = 10;

    /// <param name="limits">The server's limits.</param>
    /// <param name="activeSilos">Silos active in the membership table, not counting the one starting.</param>
    /// <param name="poolSize">The pool size of each silo (the starting silo's; silos of one cluster share configuration).</param>
    public static ConnectionFit Evaluate(ConnectionLimits limits, int activeSilos, int poolSize)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentOutOfRangeException.ThrowIfNegative(activeSilos);
        ArgumentOutOfRangeException.ThrowIfLessThan(poolSize, 1);

        var silos = activeSilos + 1;
        var needed = silos * poolSize;
        var available = limits.Available;
        var suggestedMax = needed + limits.SuperuserReserved + limits.Reserved + Headroom;
        var suggestedPool = Math.Max(1, available / silos);
        return new ConnectionFit(silos, needed, available, suggestedMax, suggestedPool);
    }
}
