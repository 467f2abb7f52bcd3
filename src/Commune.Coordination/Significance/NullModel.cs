namespace Commune.Coordination;

/// <summary>How the null series is drawn in a permutation test.</summary>
public enum NullModel
{
    /// <summary>Random permutation of x: destroys all temporal structure and all coupling with y.</summary>
    Shuffle,

    /// <summary>Circular time-shift of x by a random offset in [1, N − 1]: keeps x's own dynamics, breaks its alignment with y.</summary>
    Shift,
}
