using Commune.Models;

namespace Commune.Gateway.Endpoints.Models;

/// <summary><c>GET /v1/providers</c>: every provider with its breaker.</summary>
public sealed record ProviderList(IReadOnlyList<ProviderView> Providers);
