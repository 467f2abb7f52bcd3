namespace Commune.Providers.Clients;

/// <summary>
/// Extended thinking for Anthropic models, asked for explicitly (<c>thinking: {type: "enabled", budget_tokens}</c>) rather than through
/// the SDK's effort mapping, whose choice of thinking mode varies between SDK versions and models.
/// </summary>
public static class AnthropicThinking
{
    /// <summary>Anthropic's minimum thinking budget.</summary>
    public const int MinimumBudget = 1024;

    /// <summary>A profile's extended thinking: half the output cap.</summary>
    public static int BudgetFor(int maxTokens) => Math.Max(MinimumBudget, maxTokens / 2);

    /// <summary>
    /// The budget Anthropic accepts for <paramref name="budget"/> under <paramref name="maxTokens"/> (at least 1024 and below max_tokens),
    /// or null when the output cap leaves no room for thinking.
    /// </summary>
    public static int? Fit(int budget, int maxTokens)
    {
        var fitted = Math.Max(MinimumBudget, budget);
        return fitted < maxTokens ? fitted : null;
    }
}
