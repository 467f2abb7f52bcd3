namespace Commune.Providers.Profiles;

/// <summary>Turns <see cref="ProfileSettings"/> into an <see cref="AgentProfile"/>, naming the profile and field of every problem.</summary>
public static class ProfileValidator
{
    /// <summary>Largest accepted timeout: an hour is already far beyond any provider's own limit.</summary>
    public const double MaxTimeoutSeconds = 3600;

    /// <summary>Validates one profile. Errors read <c>Agents:research:fallbacks:1: unknown provider 'x' (known: …)</c>.</summary>
    public static AgentProfile? Validate(
        string name,
        ProfileSettings settings,
        string source,
        IReadOnlyCollection<string> knownProviders,
        ChainOptions options,
        List<string> errors)
    {
        var before = errors.Count;
        var prefix = "Agents:" + name;
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/', StringComparison.Ordinal))
        {
            errors.Add($"{prefix}: a profile name must be non-empty and must not contain '/' (that is how provider/model targets are told apart).");
        }

        var entries = new List<(string Field, string? Value)> { ("model", settings.Model) };
        for (var i = 0; i < settings.Fallbacks.Count; i++)
        {
            entries.Add(($"fallbacks:{i}", settings.Fallbacks[i]));
        }

        var models = new List<ModelRef>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, value) in entries)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{prefix}:{field}: the model is empty; write \"<provider>/<model id>\", e.g. openrouter/google/gemini-2.5-flash.");
                continue;
            }

            if (!ModelRef.TryParse(value, out var model))
            {
                errors.Add($"{prefix}:{field}: '{value}' is not \"<provider>/<model id>\".");
                continue;
            }

            if (!knownProviders.Contains(model.Provider))
            {
                errors.Add($"{prefix}:{field}: unknown provider '{model.Provider}' (configured: {string.Join(", ", knownProviders.Order(StringComparer.Ordinal))}).");
                continue;
            }

            if (!seen.Add(model.ToString()))
            {
                errors.Add($"{prefix}:{field}: duplicate step '{model}': a chain never retries the same model as a fallback.");
                continue;
            }

            models.Add(model);
        }

        if (settings.Timeout is { } timeout && (timeout <= 0 || timeout > MaxTimeoutSeconds || double.IsNaN(timeout)))
        {
            errors.Add($"{prefix}:timeout: {timeout} must be a number of seconds above 0 and at most {MaxTimeoutSeconds}.");
        }

        for (var i = 0; i < settings.StepTimeouts.Count; i++)
        {
            var step = settings.StepTimeouts[i];
            if (step <= 0 || step > MaxTimeoutSeconds || double.IsNaN(step))
            {
                errors.Add($"{prefix}:stepTimeouts:{i}: {step} must be a number of seconds above 0 and at most {MaxTimeoutSeconds}.");
            }
        }

        if (settings.StepTimeouts.Count > entries.Count)
        {
            errors.Add($"{prefix}:stepTimeouts: {settings.StepTimeouts.Count} timeouts for a chain of {entries.Count} steps.");
        }

        if (settings.MaxTokens is <= 0)
        {
            errors.Add($"{prefix}:maxTokens: {settings.MaxTokens} must be above 0.");
        }

        if (settings.BudgetLimit is <= 0)
        {
            errors.Add($"{prefix}:budgetLimit: {settings.BudgetLimit} must be a number of tokens above 0.");
        }

        if (settings.Thinking is { } thinking && !IsThinking(thinking))
        {
            errors.Add($"{prefix}:thinking: '{thinking}' is not one of: extended, none.");
        }

        if (errors.Count > before)
        {
            return null;
        }

        var first = TimeSpan.FromSeconds(settings.Timeout ?? options.DefaultTimeoutSeconds);
        var chain = models
            .Select((model, i) => new ChainStep(
                model,
                i < settings.StepTimeouts.Count ? TimeSpan.FromSeconds(settings.StepTimeouts[i]) : options.StepTimeout(first, i)))
            .ToList();
        return new AgentProfile(name, source, chain, settings.MaxTokens, settings.Thinking, settings.BudgetLimit, settings.AllowSameProvider);
    }

    private static bool IsThinking(string value) =>
        value.Equals("extended", StringComparison.OrdinalIgnoreCase) || value.Equals("none", StringComparison.OrdinalIgnoreCase);
}
