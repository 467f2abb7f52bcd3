namespace Commune.Grains.Supervision;

/// <summary>The supervisor's and managed agents' settings (<c>Supervisor:*</c>).</summary>
public sealed class SupervisorOptions
{
    public const string SectionName = "Supervisor";

    /// <summary>How often the supervisor sweeps while its grain is active (a one-minute reminder brings it back otherwise).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A held task with no claim or progress report for this long is flagged as stuck (and request_help published once).</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often a managed agent's runner looks for work when it has none.</summary>
    public TimeSpan RunnerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Idle time after which a pool worker retires (down to the pool's minimum) when the pool does not say.</summary>
    public TimeSpan IdleRetire { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Largest number of workers one pool may declare as its maximum.</summary>
    public int MaxPoolSize { get; set; } = 1000;

    /// <summary>Default share of the parent's remaining budget a subagent receives.</summary>
    public double DefaultBudgetShare { get; set; } = 0.5;

    /// <summary>The profile of pool workers whose pool names none (seed 001: the cheap tier for routine work).</summary>
    public string DefaultProfile { get; set; } = "mundane";

    /// <summary>Validates the options; each message names its key.</summary>
    public IEnumerable<string> Problems()
    {
        if (SweepInterval < TimeSpan.FromMilliseconds(100) || SweepInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"{SectionName}:SweepInterval must be between 100 ms and 1 minute (the reminder is the one-minute backstop), not {SweepInterval}.";
        }

        if (StuckAfter <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:StuckAfter must be above zero, not {StuckAfter}.";
        }

        if (RunnerInterval < TimeSpan.FromMilliseconds(50) || RunnerInterval > TimeSpan.FromMinutes(1))
        {
            yield return $"{SectionName}:RunnerInterval must be between 50 ms and 1 minute, not {RunnerInterval}.";
        }

        if (IdleRetire < TimeSpan.Zero)
        {
            yield return $"{SectionName}:IdleRetire must not be negative, not {IdleRetire}.";
        }

        if (MaxPoolSize is < 1 or > 1000)
        {
            yield return $"{SectionName}:MaxPoolSize must be between 1 and 1000, not {MaxPoolSize}.";
        }

        if (DefaultBudgetShare is <= 0 or > 1)
        {
            yield return $"{SectionName}:DefaultBudgetShare must be above 0 and at most 1, not {DefaultBudgetShare}.";
        }
    }
}
