using Commune.Models;
using Commune.Providers.Catalog;
using Commune.Providers.Profiles;
using Commune.Providers.Requests;
using Microsoft.Extensions.AI;

namespace Commune.Grains.Models;

/// <summary>A resolved call: the profile, its steps in the order they will be tried, the prompt and the budget reservation.</summary>
internal sealed class ChainPlan
{
    public required AgentProfile Profile { get; init; }

    public required List<ChainStep> Steps { get; init; }

    /// <summary>The caller's request, as the executor validated it.</summary>
    public required ModelCall Call { get; init; }

    /// <summary>What the call needs of a model beyond text; steps that cannot honour it are skipped.</summary>
    public required CallNeeds Needs { get; init; }

    public required int MaxTokens { get; init; }

    public required long PromptTokens { get; init; }

    public required string? RequestId { get; init; }

    public required Guid ReservationId { get; init; }

    public List<string> Ledgers { get; } = [];

    public List<ModelAttempt> Attempts { get; } = [];

    public bool Downgraded { get; set; }

    private readonly Dictionary<string, List<ChatMessage>> _messages = new(StringComparer.Ordinal);

    /// <summary>The conversation as a provider kind takes it (tool-call ids and thinking differ by kind), built once per kind.</summary>
    public List<ChatMessage> MessagesFor(string kind)
    {
        if (!_messages.TryGetValue(kind, out var messages))
        {
            _messages[kind] = messages = ProviderMessages.For(Call.Messages, kind);
        }

        return messages;
    }

    public ModelCallResult Fail(string code, string message, BudgetSnapshot? budget = null, string? escalation = null) =>
        new(Profile.Name, null, new ModelCallError(code, message, budget, escalation), Attempts.ToArray(), Downgraded);
}
