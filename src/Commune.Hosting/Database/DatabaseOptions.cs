namespace Commune.Hosting.Database;

/// <summary>The <c>Database</c> section: how a process uses the PostgreSQL server of <c>ConnectionStrings:Commune</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public const int DefaultMaxPoolSize = 20;

    public const int MaxPoolSizeLimit = 1000;

    /// <summary>
    /// Npgsql's <c>Maximum Pool Size</c> when the connection string sets none: the most connections this process opens. Npgsql's own
    /// default (100) lets two busy silos take every slot of a default PostgreSQL (<c>max_connections</c> 100).
    /// </summary>
    public int MaxPoolSize { get; set; } = DefaultMaxPoolSize;

    /// <summary>What is wrong with the options, each naming its key.</summary>
    public IEnumerable<string> Problems()
    {
        if (MaxPoolSize is < 1 or > MaxPoolSizeLimit)
        {
            yield return $"{SectionName}:MaxPoolSize must be between 1 and {MaxPoolSizeLimit}, not {MaxPoolSize}.";
        }
    }
}
