namespace Commune.Coordination;

/// <summary>
/// A permutation test's outcome: <see cref="PValue"/> is the share of nulls at or above <see cref="Observed"/>, floored at 1/B;
/// <see cref="Corrected"/> = observed − <see cref="NullMedian"/>, the value with the finite-sample bias of the null removed.
/// </summary>
public sealed record SignificanceResult(double Observed, double PValue, double NullMedian, double Corrected);
