namespace Commune.Providers.Errors;

/// <summary>
/// A classified failure of one try. <see cref="Outcome"/> is an <see cref="Commune.Models.AttemptOutcome"/> name;
/// <see cref="CountsAgainstProvider"/> feeds the breaker; <see cref="Message"/> is the provider's own reason where it gave one.
/// </summary>
public sealed record ProviderFailure(string Outcome, int? Status, TimeSpan? RetryAfter, string Message, bool CountsAgainstProvider);
