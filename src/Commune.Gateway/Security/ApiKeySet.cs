using System.Security.Cryptography;
using System.Text;

namespace Commune.Gateway.Security;

/// <summary>The accepted API keys, kept as SHA-256 digests and compared in constant time.</summary>
public sealed class ApiKeySet
{
    private readonly byte[][] _digests;

    private ApiKeySet(byte[][] digests) => _digests = digests;

    public int Count => _digests.Length;

    /// <summary>Validates the configured keys; the messages name the offending entry, never its value.</summary>
    public static ApiKeySet From(GatewayOptions options)
    {
        var problems = new List<string>();
        for (var i = 0; i < options.ApiKeys.Length; i++)
        {
            var key = options.ApiKeys[i];
            if (string.IsNullOrWhiteSpace(key) || key.Length < GatewayOptions.MinimumKeyLength)
            {
                problems.Add($"Gateway:ApiKeys:{i} must be at least {GatewayOptions.MinimumKeyLength} characters");
            }
            else if (key.Any(char.IsWhiteSpace))
            {
                problems.Add($"Gateway:ApiKeys:{i} must not contain white space");
            }
        }

        if (problems.Count > 0)
        {
            throw new GatewayConfigurationException($"Invalid API keys: {string.Join("; ", problems)}.");
        }

        return new ApiKeySet(options.ApiKeys.Select(Digest).ToArray());
    }

    /// <summary>Whether the presented key is one of ours. Looks at every key so timing says nothing about which matched.</summary>
    public bool Contains(string presented)
    {
        var digest = Digest(presented);
        var match = false;
        foreach (var known in _digests)
        {
            match |= CryptographicOperations.FixedTimeEquals(known, digest);
        }

        return match;
    }

    /// <summary>A stable, non-secret name for a key (12 hex digits of its digest): the id of its budget ledger.</summary>
    public static string KeyId(string key) => Convert.ToHexStringLower(Digest(key))[..12];

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
