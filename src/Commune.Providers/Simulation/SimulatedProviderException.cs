namespace Commune.Providers.Simulation;

/// <summary>A failure the simulator was configured to produce, with the status a real provider would have sent.</summary>
public sealed class SimulatedProviderException(int status, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public int Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
