namespace Commune.Models;

/// <summary>Error codes of <see cref="ModelCallError"/>; the gateway maps each to an HTTP status.</summary>
public static class ModelCallErrorCode
{
    /// <summary>The target is neither a profile nor a <c>provider/model</c> of a configured provider.</summary>
    public const string UnknownModel = "model_not_found";

    /// <summary>The request itself is invalid (no messages, bad role…).</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>Every step failed or was skipped.</summary>
    public const string ChainExhausted = "chain_exhausted";

    /// <summary>Every step that answered refused on content policy; the message is the provider's reason.</summary>
    public const string ContentPolicy = "content_policy";

    /// <summary>The prompt is larger than every model of the chain accepts.</summary>
    public const string ContextLength = "context_length_exceeded";

    /// <summary>A ledger has no room for the call: it did not start.</summary>
    public const string BudgetExceeded = "budget_exceeded";

    /// <summary>
    /// The request needs something (tools, images, structured output, prefill, a larger context) that no step of the chain can
    /// honour; the message names the field and the chain.
    /// </summary>
    public const string UnsupportedFeature = "unsupported_feature";

    /// <summary>A stream failed after its first token reached the caller.</summary>
    public const string StreamInterrupted = "stream_interrupted";
}
