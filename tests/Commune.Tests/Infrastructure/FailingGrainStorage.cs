using System.Collections.Concurrent;
using System.Net.Sockets;
using Commune.Grains;
using Commune.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Storage;

namespace Commune.Tests.Infrastructure;

/// <summary>How a matched storage call fails.</summary>
public enum StorageFault
{
    /// <summary>The call throws before anything is read or stored (the database is down).</summary>
    Before,

    /// <summary>The write is stored, then the call throws (the answer was lost): the command was applied but its caller hears 503.</summary>
    AfterWrite,
}

/// <summary>Which storage calls fail, switched on and off by a test while the cluster runs.</summary>
public sealed class StorageFaultSwitch
{
    private readonly ConcurrentDictionary<string, (string Operation, StorageFault Fault)> _rules = new(StringComparer.Ordinal);

    /// <summary>Calls that failed so far.</summary>
    public int Failures => _failures;

    private int _failures;

    /// <summary>Fails <paramref name="operation"/> (read, write or clear) of the grain's state named <paramref name="stateName"/>.</summary>
    public void Fail(string grainKey, string stateName, string operation, StorageFault fault = StorageFault.Before) =>
        _rules[$"{grainKey}|{stateName}"] = (operation, fault);

    public void Heal(string grainKey, string stateName) => _rules.TryRemove($"{grainKey}|{stateName}", out _);

    public void HealAll() => _rules.Clear();

    internal StorageFault? Match(GrainId grainId, string stateName, string operation)
    {
        if (_rules.TryGetValue($"{grainId.Key}|{stateName}", out var rule) && rule.Operation == operation)
        {
            Interlocked.Increment(ref _failures);
            return rule.Fault;
        }

        return null;
    }
}

/// <summary>
/// Grain storage that fails on demand with the exception PostgreSQL's client throws when the server is gone, placed under the
/// product's fault translation exactly where the real provider sits.
/// </summary>
public sealed class FailingGrainStorage(IGrainStorage inner, StorageFaultSwitch faults) : IGrainStorage
{
    /// <summary>Puts failing storage under the fault translation of the gateway's embedded silo.</summary>
    public static void Install(IServiceCollection services, StorageFaultSwitch faults) =>
        services.DecorateGrainStorage(StorageNames.Default, (sp, outer) => new FaultTranslatingGrainStorage(
            StorageNames.Default,
            new FailingGrainStorage(((FaultTranslatingGrainStorage)outer).Inner, faults),
            sp.GetRequiredService<IGrainContextAccessor>(),
            sp.GetRequiredService<ILogger<FaultTranslatingGrainStorage>>()));

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (faults.Match(grainId, stateName, "read") is not null)
        {
            throw Outage();
        }

        await inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var fault = faults.Match(grainId, stateName, "write");
        if (fault == StorageFault.Before)
        {
            throw Outage();
        }

        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (fault == StorageFault.AfterWrite)
        {
            throw Outage();
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        faults.Match(grainId, stateName, "clear") is not null ? throw Outage() : inner.ClearStateAsync(stateName, grainId, grainState);

    private static NpgsqlException Outage() =>
        new("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));
}
