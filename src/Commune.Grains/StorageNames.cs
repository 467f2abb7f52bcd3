namespace Commune.Grains;

/// <summary>Names of the grain storage providers every silo registers.</summary>
public static class StorageNames
{
    /// <summary>The one grain storage Commune uses: in memory when embedded, PostgreSQL when clustered.</summary>
    public const string Default = "commune";
}
