using System.Diagnostics;
using System.Diagnostics.Metrics;
using Commune.Events;
using Commune.Grains.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Commune.Tests.Events;

/// <summary>The recorder on its own: batching, retry while the store is away, a bounded buffer that counts what it drops, and the final flush.</summary>
public sealed class AuditTrailTests
{
    [Fact]
    public async Task Entries_recorded_while_the_store_is_down_are_written_in_order_once_it_is_back()
    {
        var store = new ScriptedStore { FailuresLeft = 3 };
        var trail = new AuditTrail(store, Options(flush: TimeSpan.FromMilliseconds(10), batch: 100), TimeProvider.System, NullLogger<AuditTrail>.Instance);
        var lifecycle = new Lifecycle(trail);
        await lifecycle.StartAsync();

        for (var i = 0; i < 1000; i++)
        {
            trail.Record(Entry(i));
        }

        await WaitUntilAsync(() => store.Written.Count == 1000);
        await lifecycle.StopAsync();

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"task-{i}"), store.Written.Select(e => e.TaskId));
        Assert.All(store.Batches, size => Assert.InRange(size, 1, 100));
        Assert.Equal(0, store.FailuresLeft);
    }

    [Fact]
    public async Task A_full_buffer_drops_new_entries_counts_them_and_never_throws()
    {
        var store = new ScriptedStore { Gate = new TaskCompletionSource() };
        var trail = new AuditTrail(store, Options(flush: TimeSpan.FromMilliseconds(1), batch: 5, capacity: 10), TimeProvider.System, NullLogger<AuditTrail>.Instance);
        var lifecycle = new Lifecycle(trail);
        using var drops = new DropCounter();
        await lifecycle.StartAsync();

        trail.Record(Entry(0));
        await WaitUntilAsync(() => store.Waiting); // The first batch is stuck in the store.
        for (var i = 1; i < 100; i++)
        {
            trail.Record(Entry(i));
        }

        store.Gate.SetResult();
        await lifecycle.StopAsync();

        // One entry in flight plus a full buffer of ten; the other 89 were dropped and counted.
        Assert.Equal(11, store.Written.Count);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => $"task-{i}"), store.Written.Select(e => e.TaskId));
        Assert.Equal(89, drops.Total("buffer_full"));
    }

    [Fact]
    public async Task Stopping_writes_what_is_buffered_without_waiting_for_the_flush_interval()
    {
        var store = new ScriptedStore();
        var trail = new AuditTrail(store, Options(flush: TimeSpan.FromMinutes(1), batch: 4), TimeProvider.System, NullLogger<AuditTrail>.Instance);
        var lifecycle = new Lifecycle(trail);
        await lifecycle.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            trail.Record(Entry(i));
        }

        var stopping = Stopwatch.StartNew();
        await lifecycle.StopAsync();

        Assert.Equal(10, store.Written.Count);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stop took {stopping.Elapsed}");
    }

    [Fact]
    public async Task The_trace_id_is_taken_from_the_current_activity_when_the_entry_has_none()
    {
        var store = new ScriptedStore();
        var trail = new AuditTrail(store, Options(flush: TimeSpan.FromMilliseconds(1), batch: 10), TimeProvider.System, NullLogger<AuditTrail>.Instance);
        var lifecycle = new Lifecycle(trail);
        await lifecycle.StartAsync();
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        trail.Record(Entry(0));
        trail.Record(Entry(1) with { TraceId = "given" });
        trail.Record(Entry(2) with { Data = "[not an object" });
        await lifecycle.StopAsync();

        Assert.Equal([activity.TraceId.ToHexString(), "given", activity.TraceId.ToHexString()], store.Written.Select(e => e.TraceId));
        Assert.Equal("""{"invalid_data":"[not an object"}""", store.Written[2].Data);
    }

    private static AuditEntry Entry(int i) => new("task.pending", null, $"task-{i}", null, null, """{"status":"pending"}""", DateTimeOffset.UtcNow);

    private static IOptions<EventOptions> Options(TimeSpan flush, int batch, int capacity = 100_000) =>
        Microsoft.Extensions.Options.Options.Create(new EventOptions { FlushInterval = flush, BatchSize = batch, BufferCapacity = capacity });

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(10);
        }
    }

    /// <summary>An in-memory store that can fail its first writes or hold a write until released.</summary>
    private sealed class ScriptedStore : IEventStore
    {
        private readonly Lock _lock = new();

        public List<AuditEntry> Written { get; } = [];

        public List<int> Batches { get; } = [];

        public int FailuresLeft { get; set; }

        public TaskCompletionSource? Gate { get; init; }

        public volatile bool Waiting;

        public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
        {
            if (Gate is { } gate)
            {
                Waiting = true;
                await gate.Task.WaitAsync(cancellationToken);
            }

            lock (_lock)
            {
                if (FailuresLeft > 0)
                {
                    FailuresLeft--;
                    throw new IOException("store unavailable");
                }

                Written.AddRange(entries);
                Batches.Add(entries.Count);
            }
        }

        public Task<IReadOnlyList<AuditEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    /// <summary>Plays the silo's part: starts and stops what the recorder subscribed.</summary>
    private sealed class Lifecycle : ISiloLifecycle
    {
        private readonly List<ILifecycleObserver> _observers = [];

        public Lifecycle(AuditTrail trail) => trail.Participate(this);

        public int HighestCompletedStage { get; private set; }

        public int LowestStoppedStage { get; private set; }

        public IDisposable Subscribe(string observerName, int stage, ILifecycleObserver observer)
        {
            _observers.Add(observer);
            return new NoOp();
        }

        public Task StartAsync() => Task.WhenAll(_observers.Select(o => o.OnStart(CancellationToken.None)));

        public Task StopAsync() => Task.WhenAll(_observers.Select(o => o.OnStop(CancellationToken.None)));

        private sealed class NoOp : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }

    /// <summary>Sums <c>commune.events.dropped</c> by reason while it lives.</summary>
    private sealed class DropCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _totals = [];

        public DropCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == EventMetrics.MeterName && instrument.Name == "commune.events.dropped")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason" && tag.Value is string reason)
                    {
                        lock (_totals)
                        {
                            _totals[reason] = _totals.GetValueOrDefault(reason) + value;
                        }
                    }
                }
            });
            _listener.Start();
        }

        public long Total(string reason)
        {
            lock (_totals)
            {
                return _totals.GetValueOrDefault(reason);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
