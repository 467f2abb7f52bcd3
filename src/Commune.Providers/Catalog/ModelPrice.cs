namespace Commune.Providers.Catalog;

/// <summary>
/// A model's catalogue entry, as configured under <c>Models:Prices</c>: tier, list price in dollars per million tokens, context window
/// (tokens) and what the model can take. A capability left unset is assumed present: the provider's own refusal then moves the chain on,
/// so only models known to lack one need saying so.
/// </summary>
public sealed class ModelPrice
{
    public ModelTier Tier { get; set; } = ModelTier.Standard;

    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    public int? ContextWindow { get; set; }

    /// <summary>Function tools and tool-call turns.</summary>
    public bool Tools { get; set; } = true;

    /// <summary>Image content.</summary>
    public bool Vision { get; set; } = true;

    /// <summary>PDF and text document content.</summary>
    public bool Documents { get; set; } = true;

    /// <summary><c>response_format: json_object</c>.</summary>
    public bool JsonMode { get; set; } = true;

    /// <summary><c>response_format: json_schema</c> (structured output against a schema).</summary>
    public bool JsonSchema { get; set; } = true;

    /// <summary>A conversation that ends with an assistant turn, which the model continues.</summary>
    public bool Prefill { get; set; } = true;

    /// <summary>Extended thinking / reasoning effort; without it a thinking budget is not sent and the attempt says so.</summary>
    public bool Reasoning { get; set; } = true;

    /// <summary>Dollars for the given usage.</summary>
    public decimal Cost(long inputTokens, long outputTokens) =>
        ((inputTokens * InputPerMillion) + (outputTokens * OutputPerMillion)) / 1_000_000m;

    /// <summary>A copy, so configuration can override a default entry field by field.</summary>
    public ModelPrice Clone() => (ModelPrice)MemberwiseClone();
}
