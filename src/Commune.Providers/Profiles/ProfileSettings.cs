namespace Commune.Providers.Profiles;

/// <summary>
/// A profile as written in configuration (<c>Agents:&lt;profile&gt;</c>) or in an OpenClaw <c>{"agents": {...}}</c> file, before validation.
/// </summary>
public sealed class ProfileSettings
{
    /// <summary>Primary model, <c>provider/model</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Fallback models in order.</summary>
    public List<string> Fallbacks { get; set; } = [];

    /// <summary>Seconds for the first step; later steps get shorter budgets unless <see cref="StepTimeouts"/> says otherwise.</summary>
    public double? Timeout { get; set; }

    /// <summary>Explicit per-step timeouts in seconds (primary first); missing entries follow the default shrinking rule.</summary>
    public List<double> StepTimeouts { get; set; } = [];

    /// <summary>Default output cap.</summary>
    public int? MaxTokens { get; set; }

    /// <summary><c>extended</c> turns on extended thinking where the provider supports it.</summary>
    public string? Thinking { get; set; }

    /// <summary>Token budget per session and per task using the profile, when the ledger has no limit of its own.</summary>
    public long? BudgetLimit { get; set; }

    /// <summary>Marks same-provider steps as intentional (findings are still reported, flagged intentional).</summary>
    public bool AllowSameProvider { get; set; }
}
