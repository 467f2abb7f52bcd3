namespace Commune.Providers.Profiles;

/// <summary>A validated profile: a chain of at least one step, each with its own timeout.</summary>
public sealed record AgentProfile(
    string Name,
    string Source,
    IReadOnlyList<ChainStep> Chain,
    int? MaxTokens,
    string? Thinking,
    long? BudgetLimit,
    bool AllowSameProvider)
{
    /// <summary>Whether extended thinking was asked for.</summary>
    public bool ExtendedThinking => string.Equals(Thinking, "extended", StringComparison.OrdinalIgnoreCase);
}
