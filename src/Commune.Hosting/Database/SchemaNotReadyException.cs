namespace Commune.Hosting.Database;

/// <summary>The database is reachable but lacks this build's schema: the operator has to run the migration first.</summary>
public sealed class SchemaNotReadyException(string message) : Exception(message)
{
    /// <summary>The command that fixes it, as the README and the error messages spell it.</summary>
    public const string MigrateCommand = "dotnet run --project src/Commune.Silo -- migrate";
}
