namespace Commune.Hosting.Orleans;

/// <summary>The ADO.NET invariant name the Orleans providers use to load Npgsql.</summary>
public static class PostgresInvariant
{
    public const string Name = "Npgsql";
}
