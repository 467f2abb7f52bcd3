namespace Commune.Providers.Profiles;

/// <summary>Where a profile came from, later sources replacing earlier ones by name.</summary>
public static class ProfileSource
{
    public const string Default = "default";
    public const string Configuration = "configuration";
    public const string File = "file";
}
