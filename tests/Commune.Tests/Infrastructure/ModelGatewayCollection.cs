namespace Commune.Tests.Infrastructure;

/// <summary>Shares one <see cref="ModelGatewayFixture"/> between the chat, streaming, budget and profile test classes.</summary>
[CollectionDefinition(Name)]
public sealed class ModelGatewayCollection : ICollectionFixture<ModelGatewayFixture>
{
    public const string Name = "model-gateway";
}
