namespace Commune.Gateway.Endpoints.Coordination;

/// <summary>Bounds on what one stateless measure request may ask of the gateway's CPU and memory.</summary>
public static class MeasureLimits
{
    public const int MaxSamples = 1_000_000;
    public const int MaxAlphabet = 4096;
    public const int MaxBins = 4096;
    public const int MaxPermutations = 10_000;
    public const int MaxHistory = 8;

    /// <summary>Permutations × samples of one significance request: about a second of work.</summary>
    public const long MaxPermutationWork = 50_000_000;
}
