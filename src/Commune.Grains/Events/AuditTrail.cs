using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Commune.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Events;

/// <summary>
/// The silo's recorder. <see cref="Record"/> puts the entry in a bounded channel and returns; one loop gathers entries for
/// <see cref="EventOptions.FlushInterval"/> and writes them to the <see cref="IEventStore"/> in batches of up to
/// <see cref="EventOptions.BatchSize"/>, so a burst of transitions costs one write, not one per transition, and no grain turn waits on
/// the store. A store that fails is retried with backoff while the channel buffers; a full buffer drops new entries, each counted in
/// <c>commune.events.dropped</c> and reported in a warning at most every ten seconds. On silo shutdown the buffer is written out.
/// </summary>
public sealed partial class AuditTrail : IAuditTrail, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    /// <summary>How long a stopping silo keeps trying to write what it buffered.</summary>
    private static readonly TimeSpan ShutdownFlushLimit = TimeSpan.FromSeconds(10);

    private readonly IEventStore _store;
    private readonly EventOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditTrail> _logger;
    private readonly Channel<AuditEntry> _buffer;
    private readonly IAuditListener[] _listeners;

    // Stop cancels _hurry (skip the gathering delay) at once and _abandon (stop retrying) after ShutdownFlushLimit.
    private readonly CancellationTokenSource _hurry = new();
    private readonly CancellationTokenSource _abandon = new();
    private Task _drain = Task.CompletedTask;
    private volatile bool _closed;
    private long _unreportedDrops;
    private long _lastDropWarning = long.MinValue;
    private long _lastFailureWarning = long.MinValue;

    public AuditTrail(
        IEventStore store, IOptions<EventOptions> options, TimeProvider time, ILogger<AuditTrail> logger, IEnumerable<IAuditListener>? listeners = null)
    {
        _store = store;
        _listeners = listeners?.ToArray() ?? [];
        _options = options.Value;
        _time = time;
        _logger = logger;

        // Wait mode is never waited on: TryWrite fails when full, and the entry is counted as dropped.
        _buffer = Channel.CreateBounded<AuditEntry>(new BoundedChannelOptions(_options.BufferCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Entries waiting to be written.</summary>
    public int Buffered => _buffer.Reader.Count;

    public void Record(AuditEntry entry)
    {
        try
        {
            if (entry.TraceId is null && Activity.Current is { } activity && activity.TraceId != default)
            {
                entry = entry with { TraceId = activity.TraceId.ToHexString() };
            }

            if (_buffer.Writer.TryWrite(entry))
            {
                EventMetrics.Recorded.Add(1);
                return;
            }

            Drop(1, _closed ? "shutdown" : "buffer_full");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A grain's state change must not fail because its audit entry could not be queued.
            LogRecordFailed(_logger, ex, entry.Kind);
        }
    }

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AuditTrail), ServiceLifecycleStage.ApplicationServices, StartAsync, StopAsync);

    public void Dispose()
    {
        _hurry.Dispose();
        _abandon.Dispose();
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        _drain = Task.Run(DrainAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Runs after grains have deactivated (application services stop late), so their last entries are written too.</summary>
    private async Task StopAsync(CancellationToken cancellationToken)
    {
        _closed = true;
        _buffer.Writer.TryComplete();
        await _hurry.CancelAsync();
        _abandon.CancelAfter(ShutdownFlushLimit);
        await using var registration = cancellationToken.Register(_abandon.Cancel);
        await _drain;
    }

    private async Task DrainAsync()
    {
        var reader = _buffer.Reader;
        while (await reader.WaitToReadAsync())
        {
            if (!_hurry.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(_options.FlushInterval, _time, _hurry.Token);
                }
                catch (OperationCanceledException)
                {
                    // Stopping: write what is there now.
                }
            }

            while (reader.Count > 0)
            {
                var batch = new List<AuditEntry>(Math.Min(_options.BatchSize, reader.Count));
                while (batch.Count < _options.BatchSize && reader.TryRead(out var entry))
                {
                    batch.Add(EnsureObject(entry));
                }

                await WriteAsync(batch);
            }
        }
    }

    private async Task WriteAsync(List<AuditEntry> batch)
    {
        var wait = FirstRetry;
        while (true)
        {
            try
            {
                await _store.AppendAsync(batch, _abandon.Token);
                EventMetrics.Written.Add(batch.Count);
                Notify(batch);
                return;
            }
            catch (Exception ex) when (IsRejection(ex) && batch.Count > 1)
            {
                // One bad entry must not hold back the others, nor be retried forever: write them one by one.
                foreach (var entry in batch)
                {
                    await WriteAsync([entry]);
                }

                return;
            }
            catch (Exception ex) when (IsRejection(ex))
            {
                LogRejected(_logger, ex, batch[0].Kind, batch[0].TaskId ?? batch[0].AgentId ?? batch[0].MessageId);
                Drop(1, "rejected");
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (_abandon.IsCancellationRequested)
                {
                    Drop(batch.Count, "shutdown");
                    return;
                }

                if (Due(ref _lastFailureWarning))
                {
                    LogWriteFailed(_logger, ex, batch.Count, _buffer.Reader.Count);
                }

                try
                {
                    await Task.Delay(wait, _time, _abandon.Token);
                }
                catch (OperationCanceledException)
                {
                    Drop(batch.Count, "shutdown");
                    return;
                }

                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    private void Notify(List<AuditEntry> batch)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                listener.Written(batch);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogListenerFailed(_logger, ex, listener.GetType().Name);
            }
        }
    }

    /// <summary>Data that is not a JSON object (a caller's mistake) is kept as a string inside one, rather than refused by the store.</summary>
    private AuditEntry EnsureObject(AuditEntry entry)
    {
        try
        {
            using var document = JsonDocument.Parse(entry.Data);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return entry;
            }
        }
        catch (JsonException)
        {
            // Kept below.
        }

        LogNotAnObject(_logger, entry.Kind);
        return entry with { Data = JsonSerializer.Serialize(new Dictionary<string, string> { ["invalid_data"] = entry.Data }) };
    }

    /// <summary>The store refused the data itself (PostgreSQL data or constraint errors), which no retry changes.</summary>
    private static bool IsRejection(Exception ex) =>
        ex is DbException { SqlState: { } state } && (state.StartsWith("22", StringComparison.Ordinal) || state.StartsWith("23", StringComparison.Ordinal));

    private void Drop(int count, string reason)
    {
        EventMetrics.Dropped.Add(count, new KeyValuePair<string, object?>("reason", reason));
        Interlocked.Add(ref _unreportedDrops, count);
        if (Due(ref _lastDropWarning))
        {
            LogDropped(_logger, Interlocked.Exchange(ref _unreportedDrops, 0), reason, _options.BufferCapacity);
        }
    }

    /// <summary>True at most once per <see cref="WarningInterval"/> per field, for whichever thread gets there first.</summary>
    private bool Due(ref long last)
    {
        var now = _time.GetTimestamp();
        var seen = Interlocked.Read(ref last);
        var interval = (long)(WarningInterval.TotalSeconds * _time.TimestampFrequency);
        return (seen == long.MinValue || now - seen >= interval) && Interlocked.CompareExchange(ref last, now, seen) == seen;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit trail dropped {Count} entries ({Reason}; buffer capacity {Capacity}): the trail has a gap")]
    private static partial void LogDropped(ILogger logger, long count, string reason, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit trail could not write {Count} entries ({Buffered} more buffered); retrying")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception, int count, int buffered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit event store refused a {Kind} entry for {Subject}; it is dropped")]
    private static partial void LogRejected(ILogger logger, Exception exception, string kind, string? subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit entry {Kind} has data that is not a JSON object; stored as a string")]
    private static partial void LogNotAnObject(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit listener {Listener} failed on a written batch")]
    private static partial void LogListenerFailed(ILogger logger, Exception exception, string listener);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not queue audit entry {Kind}")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string kind);
}
