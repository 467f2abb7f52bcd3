namespace Commune.Models;

/// <summary>Circuit breaker states, as <c>GET /v1/providers</c> shows them.</summary>
public static class BreakerState
{
    public const string Closed = "closed";
    public const string Open = "open";
    public const string HalfOpen = "half_open";
}
