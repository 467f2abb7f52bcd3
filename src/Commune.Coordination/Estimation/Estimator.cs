namespace Commune.Coordination;

/// <summary>How an entropy is estimated from the counts of a (joint) table.</summary>
public enum Estimator
{
    /// <summary>Maximum likelihood: the empirical frequencies. Biased low for small samples.</summary>
    Plugin,

    /// <summary>Plug-in plus the Miller–Madow bias correction (m − 1) / (2 N ln 2), m = occupied cells.</summary>
    MillerMadow,

    /// <summary>Bayesian with the Jeffreys prior: ½ added to every cell of the joint table; marginals are sums of the smoothed joint.</summary>
    Jeffreys,
}
