namespace Commune.Tests.Infrastructure;

/// <summary>PostgreSQL tests share one server and run one at a time: they start silo processes of their own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
