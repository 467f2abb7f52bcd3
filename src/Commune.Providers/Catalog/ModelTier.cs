namespace Commune.Providers.Catalog;

/// <summary>The seeds' model tiers, cheapest first; a chain near its budget prefers lower tiers.</summary>
public enum ModelTier
{
    Free = 0,
    Fast = 1,
    Standard = 2,
    Premium = 3,
}
