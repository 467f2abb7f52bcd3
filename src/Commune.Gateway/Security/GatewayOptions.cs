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
}
