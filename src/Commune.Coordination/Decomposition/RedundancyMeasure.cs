namespace Commune.Coordination;

/// <summary>The redundancy function that fixes a two-source partial information decomposition.</summary>
public enum RedundancyMeasure
{
    /// <summary>Williams–Beer I_min: Σ_y p(y) min_i I(Y = y; X_i), the expected minimum specific information.</summary>
    Imin,

    /// <summary>Minimum mutual information: min_i I(X_i; Y) (Barrett); the robustness check.</summary>
    Mmi,
}
