namespace Commune.Coordination;

/// <summary>
/// Time-delayed mutual information in both directions: <see cref="XToY"/> = I(X(t); Y(t + d)), <see cref="YToX"/> = I(Y(t); X(t + d)), in bits.
/// The series whose past says more about the other's future leads; within the tolerance neither does.
/// </summary>
public sealed record DirectedInformation(double XToY, double YToX, string Leader)
{
    /// <summary>Default absolute tolerance (bits) under which the two directions count as equal.</summary>
    public const double DefaultTolerance = 1e-9;

    /// <summary>"x", "y" or "none".</summary>
    public static string LeaderOf(double xToY, double yToX, double tolerance) =>
        Math.Abs(xToY - yToX) <= tolerance ? "none" : xToY > yToX ? "x" : "y";
}
