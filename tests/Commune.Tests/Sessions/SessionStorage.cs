using Commune.Grains;
using Commune.Grains.Models;
using Commune.Grains.Sessions;
using Commune.Models;
using Commune.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace Commune.Tests.Sessions;

/// <summary>Reads what the embedded silo's grain storage and reminder table hold for a session, bypassing the grain.</summary>
public sealed class SessionStorage(IServiceProvider services)
{
    private IGrainFactory Grains => services.GetRequiredService<IGrainFactory>();

    private IGrainStorage Storage => services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);

    public async Task<bool> SessionRecordExistsAsync(string id)
    {
        var state = new GrainState<SessionState>();
        await Storage.ReadStateAsync("session", Grains.GetGrain<ISessionGrain>(id).GetGrainId(), state);
        return state.RecordExists;
    }

    public async Task<bool> LedgerRecordExistsAsync(string id)
    {
        var state = new GrainState<BudgetState>();
        await Storage.ReadStateAsync("budget", Grains.GetGrain<IBudgetGrain>(SessionRules.Ledger(id)).GetGrainId(), state);
        return state.RecordExists;
    }

    public async Task<int> RemindersAsync(string id)
    {
        var table = services.GetRequiredService<IReminderTable>();
        return (await table.ReadRows(Grains.GetGrain<ISessionGrain>(id).GetGrainId())).Reminders.Count;
    }

    /// <summary>Polls until the session, its ledger and its reminder are all gone from storage; false if they are not within the timeout.</summary>
    public async Task<bool> WaitUntilDeletedAsync(string id, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (!await SessionRecordExistsAsync(id) && !await LedgerRecordExistsAsync(id) && await RemindersAsync(id) == 0)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
