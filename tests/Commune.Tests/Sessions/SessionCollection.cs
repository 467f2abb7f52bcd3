namespace Commune.Tests.Sessions;

/// <summary>Shares one <see cref="SessionGatewayFixture"/> between the session test classes.</summary>
[CollectionDefinition(Name)]
public sealed class SessionCollection : ICollectionFixture<SessionGatewayFixture>
{
    public const string Name = "sessions";
}
