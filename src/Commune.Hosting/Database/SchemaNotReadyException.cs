namespace Commune.Hosting.Database;

/// <summary>The database is reachable but lacks this build's schema: the operator has to run the migration first.</summary>
public sealed class SchemaNotReadyException(string message) : Exception(message)
{
    /// <summary>The command that fixes it from a source checkout (README.md, docs/operations.md).</summary>
    public const string MigrateCommand = "dotnet run --project src/Commune.Silo -- migrate";

    /// <summary>How the fix reads in messages: the source-checkout form and the published-binary form.</summary>
    public const string MigrateHint = $"`{MigrateCommand}` (or `Commune.Silo migrate` with a published build or the silo image)";
}
