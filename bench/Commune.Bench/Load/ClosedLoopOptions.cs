using Commune.Bench.Cli;

namespace Commune.Bench.Load;

/// <summary>The <c>saturate</c> command line: a target and a number of concurrent callers.</summary>
internal sealed record ClosedLoopOptions(TargetOptions Target, int Concurrency)
{
    public static ClosedLoopOptions Parse(string[] args)
    {
        var line = CommandLine.Parse(args, [.. TargetOptions.OptionNames, "concurrency"], TargetOptions.FlagNames);
        return new ClosedLoopOptions(TargetOptions.From(line), line.Int("concurrency", min: 1));
    }
}
