namespace Commune.Hosting.Database;

/// <summary>What the migrator did with one script.</summary>
public sealed record MigrationStep(string Script, MigrationOutcome Outcome);
