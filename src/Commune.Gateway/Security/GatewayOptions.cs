namespace Commune.Gateway.Security;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Shortest key accepted: a guessable key is no key.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>
    /// Accepted API keys. None: only loopback listening is allowed and nothing asks for a key. Any: every /v1 route and the
    /// dashboard require <c>Authorization: Bearer &lt;key&gt;</c>.
    /// </summary>
    public string[] ApiKeys { get; set; } = [];

    /// <summary>
    /// The largest request body of any route (413 beyond it); Kestrel's own default. Routes with a limit of their own refuse sooner.
    /// A JSON body is held in memory once while the gateway validates it, so this also bounds that memory per request.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 30_000_000;
}
