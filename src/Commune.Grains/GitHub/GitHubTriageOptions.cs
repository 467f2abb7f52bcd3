namespace Commune.Grains.GitHub;

/// <summary><c>GitHub:Triage:*</c>.</summary>
public sealed class GitHubTriageOptions
{
    /// <summary>Whether failed checks are triaged at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The profile that diagnoses failures (seed 000: ci-triage).</summary>
    public string Profile { get; set; } = "ci-triage";

    /// <summary>Output cap of a triage answer (also what each call reserves on the PR's ledger).</summary>
    public int MaxTokens { get; set; } = 1024;

    /// <summary>
    /// Conclusions that start a triage. Not <c>cancelled</c>, <c>skipped</c>, <c>neutral</c> or <c>action_required</c> (a person
    /// stopped it, or it waits for approval): nothing failed that a model could diagnose.
    /// </summary>
    public string[]? Conclusions { get; set; }

    /// <summary>The default when <see cref="Conclusions"/> is unset (the binder appends to an initialised array instead of replacing it).</summary>
    public static readonly IReadOnlyList<string> DefaultConclusions = ["failure", "timed_out", "startup_failure"];

    /// <summary>The conclusions in effect.</summary>
    public IReadOnlyList<string> FailingConclusions => Conclusions is { Length: > 0 } c ? c : DefaultConclusions;

    /// <summary>Characters of the check's output text sent to the model (the tail: logs end with the error).</summary>
    public int MaxOutputChars { get; set; } = 12_000;
}
