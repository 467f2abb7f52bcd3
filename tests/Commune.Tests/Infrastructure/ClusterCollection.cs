namespace Commune.Tests.Infrastructure;

/// <summary>Tests that share the in-process test cluster.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
