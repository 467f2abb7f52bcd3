namespace Commune.Bench.Cli;

/// <summary>A command line the program cannot run: printed with the usage text, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
