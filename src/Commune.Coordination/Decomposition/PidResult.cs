namespace Commune.Coordination;

/// <summary>
/// I(X1, X2; Y) split into what both sources carry (redundancy), what only one carries (unique), and what only the pair carries
/// (synergy); the four parts sum to <see cref="MutualInformation"/>. Bits.
/// </summary>
public sealed record PidResult(double MutualInformation, double Redundancy, double Unique1, double Unique2, double Synergy);
