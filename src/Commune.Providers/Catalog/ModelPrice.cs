namespace Commune.Providers.Catalog;

/// <summary>A model's tier, list price in dollars per million tokens, and context window (tokens), as configured under <c>Models:Prices</c>.</summary>
public sealed class ModelPrice
{
    public ModelTier Tier { get; set; } = ModelTier.Standard;

    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    public int? ContextWindow { get; set; }

    /// <summary>Dollars for the given usage.</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPerMillion) + (outputTokens * OutputPerMillion)) / 1_000_000m;
}
