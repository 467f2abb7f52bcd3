using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace Commune.Providers.Clients;

/// <summary>
/// Extended thinking for Anthropic models, asked for explicitly (<c>thinking: {type: "enabled", budget_tokens}</c>) rather than through
/// the SDK's effort mapping, whose choice of thinking mode varies between SDK versions and models.
/// </summary>
public static class AnthropicThinking
{
    /// <summary>Anthropic's minimum thinking budget.</summary>
    public const int MinimumBudget = 1024;

    /// <summary>
    /// Turns thinking on with half the output cap as its budget. An output cap too small for the minimum budget leaves thinking off
    /// (Anthropic requires the budget to be at least 1024 and below max_tokens).
    /// </summary>
    public static void Apply(ChatOptions options, string model, int maxTokens)
    {
        var budget = Math.Max(MinimumBudget, maxTokens / 2);
        if (budget >= maxTokens)
        {
            return;
        }

        options.RawRepresentationFactory = _ => new MessageCreateParams
        {
            MaxTokens = maxTokens,
            Model = model,
            Messages = [],
            Thinking = new ThinkingConfigEnabled(budget),
        };
    }
}
