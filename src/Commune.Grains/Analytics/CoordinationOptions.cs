namespace Commune.Grains.Analytics;

/// <summary>Live coordination measurement (issue 7), bound from <c>Coordination:*</c>.</summary>
public sealed class CoordinationOptions
{
    public const string SectionName = "Coordination";

    /// <summary>Whether the audit feed records agents' actions for their teams (explicit observations are always recorded).</summary>
    public bool Record { get; set; } = true;

    /// <summary>The length of one time step: an agent's state in a step is its most frequent action in it.</summary>
    public TimeSpan Step { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Steps a team keeps (a ring: the oldest go first).</summary>
    public int MaxSteps { get; set; } = 1000;

    /// <summary>Steps in a report when the query names no window.</summary>
    public int DefaultWindow { get; set; } = 360;

    /// <summary>Permutations per significance test when the query names none, and the most a query may ask for.</summary>
    public int Permutations { get; set; } = 100;

    public int MaxPermutations { get; set; } = 1000;

    /// <summary>Seed of the permutation nulls, so the same data gives the same p-values.</summary>
    public int Seed { get; set; } = 7;

    /// <summary>Quantile bins for the team's activity level (the practical criterion's group signal).</summary>
    public int Bins { get; set; } = 3;

    /// <summary>A time-delayed MI with a p-value below this makes a leader→follower edge.</summary>
    public double Alpha { get; set; } = 0.05;

    /// <summary>An agent is specialized when strictly more than this share of its actions carry one role label.</summary>
    public double SpecializationThreshold { get; set; } = 0.7;

    /// <summary>Most agents measured pairwise in one report (the most active ones); pairs grow with the square.</summary>
    public int MaxAgents { get; set; } = 20;

    /// <summary>How often an active team computes a report for its history and alert.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A team with no observation for this long stops computing periodic reports.</summary>
    public TimeSpan IdleAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Periodic report summaries kept per team.</summary>
    public int HistoryLength { get; set; } = 240;

    /// <summary>How long recorded observations may wait in memory before the team's state is written (writes are coalesced).</summary>
    public TimeSpan WriteDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Alert when mean pairwise synergy (bits) stays below this…</summary>
    public double SynergyAlertBelow { get; set; } = 0.05;

    /// <summary>…while the task success rate is below this…</summary>
    public double PerformanceAlertBelow { get; set; } = 0.6;

    /// <summary>…for this many consecutive periodic reports.</summary>
    public int AlertAfterReports { get; set; } = 3;

    /// <summary>Mean pairwise redundancy (bits) at or above which, with synergy below it, the advice is to remove an agent.</summary>
    public double RedundancyAdviceAbove { get; set; } = 0.3;

    /// <summary>Validates the options; each message names its key.</summary>
    public IEnumerable<string> Problems()
    {
        if (Step < TimeSpan.FromMilliseconds(10))
        {
            yield return $"{SectionName}:Step must be at least 10 ms, not {Step}.";
        }

        if (MaxSteps is < 4 or > 100_000)
        {
            yield return $"{SectionName}:MaxSteps must be between 4 and 100000, not {MaxSteps}.";
        }

        if (DefaultWindow < 4 || DefaultWindow > MaxSteps)
        {
            yield return $"{SectionName}:DefaultWindow must be between 4 and {SectionName}:MaxSteps ({MaxSteps}), not {DefaultWindow}.";
        }

        if (MaxPermutations is < 1 or > 100_000 || Permutations < 1 || Permutations > MaxPermutations)
        {
            yield return $"{SectionName}:Permutations must be between 1 and {SectionName}:MaxPermutations (at most 100000), not {Permutations}.";
        }

        if (Bins is < 2 or > 32)
        {
            yield return $"{SectionName}:Bins must be between 2 and 32, not {Bins}.";
        }

        if (Alpha is <= 0 or >= 1 || double.IsNaN(Alpha))
        {
            yield return $"{SectionName}:Alpha must be above 0 and below 1, not {Alpha}.";
        }

        if (SpecializationThreshold is < 0 or >= 1 || double.IsNaN(SpecializationThreshold))
        {
            yield return $"{SectionName}:SpecializationThreshold must be at least 0 and below 1, not {SpecializationThreshold}.";
        }

        if (MaxAgents is < 2 or > 200)
        {
            yield return $"{SectionName}:MaxAgents must be between 2 and 200, not {MaxAgents}.";
        }

        if (ReportInterval < TimeSpan.FromMilliseconds(50) || IdleAfter <= TimeSpan.Zero || WriteDelay < TimeSpan.Zero)
        {
            yield return $"{SectionName}:ReportInterval must be at least 50 ms, {SectionName}:IdleAfter above zero and {SectionName}:WriteDelay not negative.";
        }

        if (HistoryLength is < 1 or > 100_000 || AlertAfterReports < 1)
        {
            yield return $"{SectionName}:HistoryLength must be between 1 and 100000 and {SectionName}:AlertAfterReports at least 1.";
        }

        if (double.IsNaN(SynergyAlertBelow) || double.IsNaN(RedundancyAdviceAbove) || PerformanceAlertBelow is < 0 or > 1 || double.IsNaN(PerformanceAlertBelow))
        {
            yield return $"{SectionName}:SynergyAlertBelow and {SectionName}:RedundancyAdviceAbove must be numbers and {SectionName}:PerformanceAlertBelow between 0 and 1.";
        }
    }
}
