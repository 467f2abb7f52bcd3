using Commune.Models;
using Commune.Providers.Profiles;
using Microsoft.Extensions.AI;

namespace Commune.Grains.Models;

/// <summary>A resolved call: the profile, its steps in the order they will be tried, the prompt and the budget reservation.</summary>
internal sealed class ChainPlan
{
    public required AgentProfile Profile { get; init; }

    public required List<ChainStep> Steps { get; init; }

    public required List<ChatMessage> Messages { get; init; }

    public required int MaxTokens { get; init; }

    public required double? Temperature { get; init; }

    public required long PromptTokens { get; init; }

    public required string? RequestId { get; init; }

    public required Guid ReservationId { get; init; }

    public List<string> Ledgers { get; } = [];

    public List<ModelAttempt> Attempts { get; } = [];

    public bool Downgraded { get; set; }

    public ModelCallResult Fail(string code, string message, BudgetSnapshot? budget = null, string? escalation = null) =>
        new(Profile.Name, null, new ModelCallError(code, message, budget, escalation), Attempts.ToArray(), Downgraded);
}
