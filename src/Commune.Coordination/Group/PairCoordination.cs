namespace Commune.Coordination;

/// <summary>
/// Everything a report needs about one pair of agents i, j, from a single pass over their series (bits):
/// <see cref="MutualInformation"/> I(Xi(t); Xj(t)); <see cref="IToJ"/> I(Xi(t); Xj(t+1)); <see cref="JToI"/> I(Xj(t); Xi(t+1));
/// <see cref="Decomposition"/> the PID of the pair's present states (Xi(t), Xj(t)) about its joint next state (Xi(t+1), Xj(t+1)).
/// </summary>
public sealed record PairCoordination(double MutualInformation, double IToJ, double JToI, PidResult Decomposition);
