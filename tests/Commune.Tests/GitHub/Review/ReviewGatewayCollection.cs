namespace Commune.Tests.GitHub.Review;

/// <summary>Review tests share one gateway and one fake provider; they script the same role models, so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ReviewGatewayCollection : ICollectionFixture<ReviewGatewayFixture>
{
    public const string Name = "review-gateway";
}
