using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Commune.Tests.Infrastructure;

/// <summary>
/// An in-memory logger provider for a test host: every entry at <see cref="MinimumLevel"/> or above (whatever the host's own filter
/// says), formatted with its exception, so a test can assert what was and was not logged.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public const LogLevel MinimumLevel = LogLevel.Information;

    // Bounded so a long-lived shared fixture cannot grow without limit; the newest entries are kept.
    private const int Capacity = 50_000;

    private readonly ConcurrentQueue<string> _entries = new();

    /// <summary>The entries so far, oldest first: "level category: message" and the exception's full text.</summary>
    public IReadOnlyList<string> Entries => [.. _entries];

    /// <summary>Registers this provider in a host's services, below the host's configured log level.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(this);
        services.AddLogging(logging => logging.AddFilter<CapturedLogs>(null, MinimumLevel));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(string entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Capacity && _entries.TryDequeue(out _))
        {
        }
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= MinimumLevel;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Add($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
        }
    }
}
