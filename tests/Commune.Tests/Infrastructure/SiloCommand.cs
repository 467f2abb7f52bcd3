namespace Commune.Tests.Infrastructure;

/// <summary>Runs the real Commune.Silo executable to completion: `migrate`, or a silo that is expected to refuse to start.</summary>
public static class SiloCommand
{
    public static Task<ProcessRunner.Completed> RunAsync(string? connectionString, params string[] arguments) =>
        RunAsync(connectionString, new Dictionary<string, string?>(), arguments);

    public static Task<ProcessRunner.Completed> RunAsync(string? connectionString, IDictionary<string, string?> environment, params string[] arguments) =>
        ProcessRunner.RunAsync("dotnet", [RepositoryPaths.SiloAssembly, .. arguments],
            new Dictionary<string, string?>(environment) { ["ConnectionStrings__Commune"] = connectionString },
            TimeSpan.FromSeconds(90));

    public static async Task MigrateAsync(string connectionString)
    {
        var result = await RunAsync(connectionString, "migrate");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"migrate failed ({result.ExitCode}): {result.Output}");
        }
    }
}
