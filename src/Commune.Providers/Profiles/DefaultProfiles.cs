namespace Commune.Providers.Profiles;

/// <summary>
/// The seeds' four profiles, shipped so a fresh install has working chains, and the code review's roles (seed 003: distinct roles on
/// distinct models, so the reviewers do not share one model's blind spots).
/// </summary>
public static class DefaultProfiles
{
    /// <summary>Profile settings by name, exactly as the seeds give the chains.</summary>
    public static IReadOnlyDictionary<string, ProfileSettings> All { get; } = new Dictionary<string, ProfileSettings>(StringComparer.Ordinal)
    {
        ["research"] = new()
        {
            Model = "openrouter/google/gemini-2.5-flash",
            Fallbacks = ["anthropic/claude-haiku-4-5", "openrouter/deepseek/deepseek-chat", "anthropic/claude-sonnet-4-5"],
            Timeout = 60,
            MaxTokens = 8192,
        },
        ["reasoning"] = new()
        {
            Model = "openrouter/deepseek/deepseek-r1-0528",
            Fallbacks = ["anthropic/claude-sonnet-4-5", "anthropic/claude-opus-4-5"],
            Timeout = 120,
            Thinking = "extended",

            // The seeds stay on Anthropic after the primary for extended thinking.
            AllowSameProvider = true,
        },
        ["ci-triage"] = new()
        {
            Model = "openrouter/mistralai/devstral-2512",
            Fallbacks = ["anthropic/claude-haiku-4-5", "openrouter/qwen/qwen-2.5-coder-32b-instruct", "anthropic/claude-sonnet-4-5"],
            Timeout = 90,
            BudgetLimit = 100_000,
        },
        ["mundane"] = new()
        {
            // Free-tier models (seeds: MiMo, Qwen), with Haiku between them so an OpenRouter outage does not stop the profile.
            Model = "openrouter/xiaomi/mimo-v2-flash",
            Fallbacks = ["anthropic/claude-haiku-4-5", "openrouter/qwen/qwen-2.5-coder-32b-instruct"],
            Timeout = 30,
            MaxTokens = 4096,
        },

        // Code review (GitHub:Review:*): a different primary model per role, each chain alternating OpenRouter and Anthropic.
        ["review-style"] = new()
        {
            // Conventions need breadth, not depth: a cheap coding model.
            Model = "openrouter/mistralai/devstral-2512",
            Fallbacks = ["anthropic/claude-haiku-4-5", "openrouter/google/gemini-2.5-flash"],
            Timeout = 60,
            MaxTokens = 4096,
        },
        ["review-security"] = new()
        {
            Model = "anthropic/claude-sonnet-4-5",
            Fallbacks = ["openrouter/deepseek/deepseek-r1-0528", "anthropic/claude-haiku-4-5"],
            Timeout = 90,
            MaxTokens = 4096,
        },
        ["review-performance"] = new()
        {
            Model = "openrouter/google/gemini-2.5-flash",
            Fallbacks = ["anthropic/claude-sonnet-4-5", "openrouter/deepseek/deepseek-chat"],
            Timeout = 60,
            MaxTokens = 4096,
        },
        ["review-tests"] = new()
        {
            Model = "anthropic/claude-haiku-4-5",
            Fallbacks = ["openrouter/deepseek/deepseek-chat", "anthropic/claude-sonnet-4-5"],
            Timeout = 60,
            MaxTokens = 4096,
        },
        ["review-validator"] = new()
        {
            // The validator only confirms or rejects: a reasoning model, with a careful Anthropic model behind it.
            Model = "openrouter/deepseek/deepseek-r1-0528",
            Fallbacks = ["anthropic/claude-sonnet-4-5", "openrouter/google/gemini-2.5-flash"],
            Timeout = 90,
            MaxTokens = 4096,
        },
    };
}
