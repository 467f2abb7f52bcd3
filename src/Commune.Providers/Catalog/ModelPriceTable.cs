using Commune.Providers.Profiles;
using Microsoft.Extensions.Configuration;

namespace Commune.Providers.Catalog;

/// <summary>
/// Tiers, prices and capabilities per model. Defaults cover the seeds' models (list prices, late 2026; the seeds' free tier at $0); configuration
/// under <c>Models:Prices:&lt;provider&gt;/&lt;model&gt;</c> (with <c>:</c> spelled <c>__</c> in environment variables) adds or overrides
/// entries. A model nobody priced is charged <see cref="Unpriced"/>, so a cost budget still fails closed.
/// </summary>
public sealed class ModelPriceTable
{
    public const string SectionName = "Models:Prices";

    // Capabilities as the providers document them for these models; OpenRouter routes text-only open models without vision, and only
    // Anthropic continues a final assistant turn (prefill).
    private static readonly Dictionary<string, ModelPrice> Defaults = new(StringComparer.OrdinalIgnoreCase)
    {
        ["openrouter/xiaomi/mimo-v2-flash"] = new() { Tier = ModelTier.Free, ContextWindow = 262_144, Vision = false, Documents = false, Prefill = false },
        ["openrouter/qwen/qwen-2.5-coder-32b-instruct"] = new()
        {
            Tier = ModelTier.Free, ContextWindow = 32_768, Vision = false, Documents = false, JsonSchema = false, Prefill = false, Reasoning = false,
        },
        ["openrouter/google/gemini-2.5-flash"] = new() { Tier = ModelTier.Fast, InputPerMillion = 0.30m, OutputPerMillion = 2.50m, ContextWindow = 1_048_576, Prefill = false },
        ["anthropic/claude-haiku-4-5"] = new() { Tier = ModelTier.Fast, InputPerMillion = 1m, OutputPerMillion = 5m, ContextWindow = 200_000 },
        ["openrouter/deepseek/deepseek-chat"] = new()
        {
            Tier = ModelTier.Fast, InputPerMillion = 0.30m, OutputPerMillion = 1.20m, ContextWindow = 163_840, Vision = false, Documents = false, JsonSchema = false,
            Prefill = false, Reasoning = false,
        },
        ["openrouter/mistralai/devstral-2512"] = new()
        {
            Tier = ModelTier.Fast, InputPerMillion = 0.40m, OutputPerMillion = 2m, ContextWindow = 262_144, Vision = false, Documents = false, Prefill = false,
            Reasoning = false,
        },
        ["anthropic/claude-sonnet-4-5"] = new() { Tier = ModelTier.Standard, InputPerMillion = 3m, OutputPerMillion = 15m, ContextWindow = 200_000 },
        ["openrouter/deepseek/deepseek-r1-0528"] = new()
        {
            Tier = ModelTier.Standard, InputPerMillion = 0.50m, OutputPerMillion = 2.15m, ContextWindow = 163_840, Vision = false, Documents = false, JsonSchema = false,
            Prefill = false,
        },
        ["anthropic/claude-opus-4-5"] = new() { Tier = ModelTier.Premium, InputPerMillion = 5m, OutputPerMillion = 25m, ContextWindow = 200_000 },
    };

    private static readonly HashSet<string> Fields = new(typeof(ModelPrice).GetProperties().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, ModelPrice> _prices;

    public ModelPriceTable(IConfiguration configuration)
    {
        _prices = new Dictionary<string, ModelPrice>(Defaults, StringComparer.OrdinalIgnoreCase);
        foreach (var section in configuration.GetSection(SectionName).GetChildren())
        {
            // Keys with '/' arrive as nested sections (openrouter → google → gemini…); the path below the table is the model id.
            foreach (var leaf in Leaves(section))
            {
                var id = leaf.Path[(SectionName.Length + 1)..].Replace(':', '/');
                var price = _prices.TryGetValue(id, out var known) ? known.Clone() : new ModelPrice();
                leaf.Bind(price);
                if (price.InputPerMillion < 0 || price.OutputPerMillion < 0 || price.ContextWindow is <= 0)
                {
                    throw new ProfileConfigurationException($"{leaf.Path}: prices must be ≥ 0 and contextWindow > 0.");
                }

                _prices[id] = price;
            }
        }
    }

    /// <summary>The price charged for a model nobody configured: the standard tier at Sonnet's list price.</summary>
    public static ModelPrice Unpriced { get; } = new() { Tier = ModelTier.Standard, InputPerMillion = 3m, OutputPerMillion = 15m };

    /// <summary>Every priced model, by <c>provider/model</c>.</summary>
    public IReadOnlyDictionary<string, ModelPrice> All => _prices;

    /// <summary>The price of <paramref name="model"/>, or <see cref="Unpriced"/>.</summary>
    public ModelPrice For(ModelRef model) => _prices.TryGetValue(model.ToString(), out var price) ? price : Unpriced;

    /// <summary>Whether the model has an entry of its own.</summary>
    public bool IsPriced(ModelRef model) => _prices.ContainsKey(model.ToString());

    private static IEnumerable<IConfigurationSection> Leaves(IConfigurationSection section)
    {
        var children = section.GetChildren().ToList();
        var isPrice = children.Any(c => IsPriceField(c.Key));
        if (isPrice)
        {
            yield return section;
            yield break;
        }

        foreach (var child in children)
        {
            foreach (var leaf in Leaves(child))
            {
                yield return leaf;
            }
        }
    }

    private static bool IsPriceField(string key) => Fields.Contains(key);
}
