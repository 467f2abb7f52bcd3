using Microsoft.Extensions.Logging;

namespace Commune.Hosting.Orleans;

/// <summary>
/// A gateway may start before any silo: keep trying to connect (with capped backoff) instead of failing the process,
/// while /health/ready reports not-ready.
/// </summary>
public sealed class ClientConnectionRetry(ILogger<ClientConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);
    private int _attempt;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempt);
        var delay = TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, 500 * Math.Pow(2, Math.Min(attempt - 1, 5))));
        logger.LogWarning("No silo reachable yet (attempt {Attempt}): {Reason} Retrying in {DelaySeconds:0.#} s", attempt,
            exception.Message.TrimEnd('.') + ".", delay.TotalSeconds);
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
