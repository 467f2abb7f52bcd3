namespace Commune.Providers.Errors;

/// <summary>A stream broke after it started: cut, stalled or malformed. <see cref="Outcome"/> names which.</summary>
public sealed class ProviderStreamException(string outcome, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Outcome { get; } = outcome;
}
