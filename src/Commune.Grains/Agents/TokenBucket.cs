namespace Commune.Grains.Agents;

/// <summary>
/// A per-agent send rate. Hand-rolled rather than System.Threading.RateLimiting's TokenBucketRateLimiter: that one replenishes on a
/// timer (or needs someone to call it), and an agent grain must not carry a timer per agent; this one refills lazily from the clock.
/// </summary>
public sealed class TokenBucket(double ratePerSecond, int burst, DateTimeOffset now)
{
    private double _tokens = burst;
    private DateTimeOffset _at = now;

    /// <summary>Takes a token, or says how long until one is available.</summary>
    public bool TryTake(DateTimeOffset now, out TimeSpan retryAfter)
    {
        var elapsed = (now - _at).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(burst, _tokens + (elapsed * ratePerSecond));
            _at = now;
        }

        if (_tokens >= 1)
        {
            _tokens -= 1;
            retryAfter = TimeSpan.Zero;
            return true;
        }

        retryAfter = TimeSpan.FromSeconds((1 - _tokens) / ratePerSecond);
        return false;
    }
}
