using Npgsql;

namespace Commune.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server for the tests: the one named by <c>COMMUNE_TEST_POSTGRES</c> (an admin connection string), or else a
/// throwaway cluster started from the server binaries on this machine (initdb + pg_ctl in a temp directory on a free
/// loopback port), removed afterwards. Each test gets its own fresh database.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string EnvironmentVariable = "COMMUNE_TEST_POSTGRES";

    private const string InstallHint =
        "PostgreSQL tests need PostgreSQL server binaries (initdb, pg_ctl under /usr/lib/postgresql/<version>/bin): " +
        "install them with `apt-get install -y postgresql` (Debian/Ubuntu; .ci/run does this), or point " +
        EnvironmentVariable + " at a server, e.g. " + EnvironmentVariable + "=\"Host=127.0.0.1;Port=5432;Username=postgres;Password=...\".";

    private string? _directory;
    private string? _binaries;
    private string _adminConnectionString = "";
    private string _serverOptions = "";

    public async ValueTask InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            _adminConnectionString = external;
            return;
        }

        await StartOwnAsync();
    }

    /// <summary>A server of its own, never the external one: for a test that stops and restarts it.</summary>
    public static async Task<PostgresServer> StartThrowawayAsync()
    {
        var server = new PostgresServer();
        await server.StartOwnAsync();
        return server;
    }

    /// <summary>Stops the server as an outage would (open connections are cut); <see cref="StartAsync"/> brings it back on the same port.</summary>
    public Task StopAsync() =>
        Run(Path.Combine(Binaries, "pg_ctl"), ["-D", Path.Combine(_directory!, "data"), "-m", "fast", "-w", "stop"], IsRoot);

    public Task StartAsync() =>
        Run(Path.Combine(Binaries, "pg_ctl"),
            ["-D", Path.Combine(_directory!, "data"), "-l", Path.Combine(_directory!, "server.log"), "-o", _serverOptions, "-w", "-t", "60", "start"], IsRoot);

    private string Binaries => _binaries ?? throw new InvalidOperationException("Only a server these tests started can be stopped and started.");

    private async Task StartOwnAsync()
    {
        _binaries = FindBinaries() ?? throw new InvalidOperationException(InstallHint);
        _directory = Directory.CreateTempSubdirectory("commune-pg-").FullName;
        var port = FreePort.Next();
        var runAsRoot = IsRoot;
        if (runAsRoot)
        {
            // initdb and postgres refuse to run as root; the Debian package's postgres account runs them.
            await Run("chown", ["-R", "postgres:postgres", _directory], asPostgres: false);
        }

        var data = Path.Combine(_directory, "data");
        await Run(Path.Combine(_binaries, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], runAsRoot);
        _serverOptions = $"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c max_connections=300 " +
                            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        await StartAsync();
        _adminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// <summary>Creates an empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_directory is null || _binaries is null)
        {
            return;
        }

        try
        {
            await Run(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop"], IsRoot);
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")) && File.Exists(Path.Combine(d.Dir, "pg_ctl")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    private static async Task Run(string program, string[] arguments, bool asPostgres)
    {
        var result = asPostgres
            ? await ProcessRunner.RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments])
            : await ProcessRunner.RunAsync(program, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({result.ExitCode}): {result.Output}\n{InstallHint}");
        }
    }

    // .NET reads the name of the effective user: root is uid 0.
    private static bool IsRoot => Environment.UserName == "root";
}
