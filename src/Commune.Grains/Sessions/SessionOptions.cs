namespace Commune.Grains.Sessions;

/// <summary>Ephemeral sessions' settings (<c>Sessions:*</c>), validated at start-up.</summary>
public sealed class SessionOptions
{
    public const string SectionName = "Sessions";

    /// <summary>A session with no message for this long expires and is deleted (seed 000: 24 hours), unless it asks for its own ttl.</summary>
    public TimeSpan IdleTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The shortest ttl a session may ask for.</summary>
    public TimeSpan MinTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest ttl a session may ask for.</summary>
    public TimeSpan MaxTtl { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Most turns a session's conversation holds (user and assistant turns count one each); a message beyond it is refused.</summary>
    public int MaxTurns { get; set; } = 200;

    /// <summary>Longest turn, in characters.</summary>
    public int MaxTurnChars { get; set; } = 100_000;

    /// <summary>Validates the options; each message names its key.</summary>
    public IEnumerable<string> Problems()
    {
        if (MinTtl < TimeSpan.FromSeconds(1))
        {
            yield return $"{SectionName}:MinTtl must be at least 1 second, not {MinTtl}.";
        }

        if (MaxTtl < MinTtl)
        {
            yield return $"{SectionName}:MaxTtl ({MaxTtl}) must not be below {SectionName}:MinTtl ({MinTtl}).";
        }

        if (MaxTtl > TimeSpan.FromDays(365))
        {
            yield return $"{SectionName}:MaxTtl must be at most 365 days, not {MaxTtl}.";
        }

        if (IdleTtl < MinTtl || IdleTtl > MaxTtl)
        {
            yield return $"{SectionName}:IdleTtl ({IdleTtl}) must lie between {SectionName}:MinTtl ({MinTtl}) and {SectionName}:MaxTtl ({MaxTtl}).";
        }

        if (MaxTurns is < 2 or > 10_000)
        {
            yield return $"{SectionName}:MaxTurns must be between 2 and 10000, not {MaxTurns}.";
        }

        if (MaxTurnChars is < 1 or > 1_000_000)
        {
            yield return $"{SectionName}:MaxTurnChars must be between 1 and 1000000, not {MaxTurnChars}.";
        }
    }
}
