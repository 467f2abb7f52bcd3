namespace Commune.Hosting.Database;

/// <summary>The outcome of one schema script in a migration run.</summary>
public enum MigrationOutcome
{
    /// <summary>Already applied with the same text; nothing ran.</summary>
    UpToDate,

    /// <summary>Applied for the first time.</summary>
    Applied,

    /// <summary>Applied before with different text, so applied again.</summary>
    Reapplied,
}
