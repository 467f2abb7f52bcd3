using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Commune.Providers.Clients;

namespace Commune.Providers.Profiles;

/// <summary>
/// The live profile set. Loaded at start-up (invalid profiles stop the start), then reloaded when configuration changes or the
/// agents file (<c>Commune:AgentsFile</c>) changes on disk. A reload with any invalid profile keeps the last good set and logs why.
/// </summary>
public sealed partial class ProfileCatalog : IDisposable
{
    public const string AgentsFileKey = "Commune:AgentsFile";

    private readonly IConfiguration _configuration;
    private readonly ProviderRegistry _providers;
    private readonly ChainOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ProfileCatalog> _logger;
    private readonly IDisposable? _configurationWatch;
    private readonly ITimer? _fileWatch;
    private readonly Lock _reloadLock = new();
    private (DateTime WrittenAt, long Length)? _fileStamp;
    private (DateTime WrittenAt, long Length)? _changingStamp;
    private volatile ProfileSet _current;

    public ProfileCatalog(
        IConfiguration configuration,
        ProviderRegistry providers,
        IOptions<ChainOptions> options,
        TimeProvider time,
        ILogger<ProfileCatalog> logger)
    {
        _configuration = configuration;
        _providers = providers;
        _options = options.Value;
        _time = time;
        _logger = logger;
        AgentsFile = configuration[AgentsFileKey] is { Length: > 0 } file ? Path.GetFullPath(file) : null;

        _fileStamp = Stamp(AgentsFile);
        _current = Build(out var errors) ?? throw new ProfileConfigurationException(
            "Invalid agent profiles:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));

        _configurationWatch = ChangeToken.OnChange(configuration.GetReloadToken, () => Reload("configuration changed"));
        if (AgentsFile is not null)
        {
            var interval = configuration.GetValue("Commune:AgentsFilePollInterval", TimeSpan.FromSeconds(1));
            _fileWatch = time.CreateTimer(_ => CheckFile(), null, interval, interval);
        }
    }

    /// <summary>The agents file being watched, as a full path, or null.</summary>
    public string? AgentsFile { get; }

    /// <summary>The last good set.</summary>
    public ProfileSet Current => _current;

    /// <summary>Why the last reload was refused, or null when it succeeded.</summary>
    public string? LastReloadError { get; private set; }

    /// <summary>Checks the profiles in <paramref name="configuration"/> without starting to watch anything; throws on the first invalid set.</summary>
    public static void Validate(IConfiguration configuration, ProviderRegistry providers, ChainOptions options)
    {
        var errors = new List<string>();
        var file = configuration[AgentsFileKey] is { Length: > 0 } path ? Path.GetFullPath(path) : null;
        foreach (var (name, (settings, source)) in ProfileLoader.Read(configuration, file, errors))
        {
            ProfileValidator.Validate(name, settings, source, providers.Names, options, errors);
        }

        if (errors.Count > 0)
        {
            throw new ProfileConfigurationException(
                "Invalid agent profiles:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        }
    }

    /// <summary>Re-reads every source; returns false (keeping the last good set) when any profile is invalid.</summary>
    public bool Reload(string reason)
    {
        lock (_reloadLock)
        {
            var next = Build(out var errors);
            if (next is null)
            {
                LastReloadError = string.Join(" ", errors);
                LogReloadRefused(reason, _current.Profiles.Count, LastReloadError);
                return false;
            }

            _current = next;
            LastReloadError = null;
            LogReloaded(reason, next.Profiles.Count, next.Findings.Count);
            return true;
        }
    }

    private void CheckFile()
    {
        var stamp = Stamp(AgentsFile);
        if (stamp == _fileStamp)
        {
            _changingStamp = null;
            return;
        }

        // A file caught mid-write reads as truncated JSON: reload once it has looked the same for a whole poll interval.
        if (stamp != _changingStamp)
        {
            _changingStamp = stamp;
            return;
        }

        _fileStamp = stamp;
        _changingStamp = null;
        Reload("agents file changed");
    }

    private ProfileSet? Build(out List<string> errors)
    {
        errors = [];
        var read = ProfileLoader.Read(_configuration, AgentsFile, errors);
        var profiles = new Dictionary<string, AgentProfile>(StringComparer.Ordinal);
        foreach (var (name, (settings, source)) in read)
        {
            if (ProfileValidator.Validate(name, settings, source, _providers.Names, _options, errors) is { } profile)
            {
                profiles[name] = profile;
            }
        }

        return errors.Count == 0 ? new ProfileSet(profiles, _time.GetUtcNow()) : null;
    }

    private static (DateTime, long)? Stamp(string? path)
    {
        if (path is null)
        {
            return null;
        }

        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : null;
    }

    public void Dispose()
    {
        _configurationWatch?.Dispose();
        _fileWatch?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Profiles reloaded ({Reason}): {Count} profiles, {Findings} alternation findings")]
    private partial void LogReloaded(string reason, int count, int findings);

    [LoggerMessage(Level = LogLevel.Error, Message = "Profile reload refused ({Reason}); keeping the last good set of {Count} profiles: {Errors}")]
    private partial void LogReloadRefused(string reason, int count, string errors);
}
