namespace Commune.Gateway.Security;

/// <summary>Names of the API-key authentication scheme and policy.</summary>
public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string Policy = "ApiKey";

    /// <summary>Claim carrying <see cref="ApiKeySet.KeyId"/> of the key a request presented.</summary>
    public const string KeyIdClaim = "commune:key_id";
}
