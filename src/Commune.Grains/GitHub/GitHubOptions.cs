namespace Commune.Grains.GitHub;

/// <summary>The GitHub integration, bound from the <c>GitHub</c> section; read by the gateway (webhook) and the silos (sessions, output).</summary>
public sealed class GitHubOptions
{
    public const string SectionName = "GitHub";

    /// <summary>Secret for <c>X-Hub-Signature-256</c>; without it the webhook answers 503 (unsigned deliveries are never accepted).</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Largest accepted payload (GitHub caps them at 25 MB); larger ones get 413.</summary>
    public long MaxPayloadBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The app's own bot account: its events are ignored so Commune never reacts to its own comments.</summary>
    public string? BotLogin { get; set; } = "commune[bot]";

    /// <summary>More senders whose events are ignored (any account type).</summary>
    public string[] IgnoredSenders { get; set; } = [];

    /// <summary>REST token (app installation or fine-grained PAT); unset = posts are only recorded in the outbox.</summary>
    public string? Token { get; set; }

    /// <summary>REST base URL (GitHub Enterprise: <c>https://host/api/v3</c>).</summary>
    public Uri ApiUrl { get; set; } = new("https://api.github.com");

    /// <summary>Events a session keeps in detail; older ones are folded into counters and summary lines.</summary>
    public int SessionLogLimit { get; set; } = 200;

    /// <summary>Token limit of each PR's ledger (<c>session:github:owner/repo#n</c>), set before its first model call (seed: 50 000).</summary>
    public long PullRequestTokenBudget { get; set; } = 50_000;

    /// <summary>How long processed deliveries are remembered for deduplication.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Deliveries each of the 16 ledger shards remembers at most (the oldest go first).</summary>
    public int DeliveriesPerShard { get; set; } = 5000;

    /// <summary>Posts the recording outbox keeps.</summary>
    public int OutboxCapacity { get; set; } = 1000;

    /// <summary>The multi-model review on opened / synchronize / reopened.</summary>
    public GitHubReviewOptions Review { get; set; } = new();

    /// <summary>CI triage of failed checks on the head SHA.</summary>
    public GitHubTriageOptions Triage { get; set; } = new();
}
