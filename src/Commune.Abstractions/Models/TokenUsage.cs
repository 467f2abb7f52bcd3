namespace Commune.Models;

/// <summary>Tokens a completion consumed, as the provider reported them (or estimated when it reported none).</summary>
[GenerateSerializer, Immutable, Alias("commune.models.TokenUsage")]
public sealed record TokenUsage([property: Id(0)] long InputTokens, [property: Id(1)] long OutputTokens, [property: Id(2)] bool Estimated = false)
{
    public static TokenUsage Zero { get; } = new(0, 0);

    public long TotalTokens => InputTokens + OutputTokens;
}
