using Commune.Bench.Cli;

namespace Commune.Bench.Load;

/// <summary>The <c>load</c> command line: a target and a fixed request rate.</summary>
internal sealed record OpenLoopOptions(TargetOptions Target, double Rate)
{
    public static OpenLoopOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, [.. TargetOptions.OptionNames, "rate"], TargetOptions.FlagNames);
        var rate = line.Double("rate", min: 0.001);
        var target = TargetOptions.From(line);
        if ((target.Duration + target.Warmup).TotalSeconds * rate > 50_000_000)
        {
            throw new UsageException("--rate times (--duration + --warmup) is more than 50 million requests");
        }

        return new OpenLoopOptions(target, rate);
    }
}
