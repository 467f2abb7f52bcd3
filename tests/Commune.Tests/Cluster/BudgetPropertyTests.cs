using Commune.Models;
using Commune.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;

namespace Commune.Tests.Cluster;

/// <summary>
/// Random sequences of reservations and settlements against real budget grains: a ledger never holds more than its limit, a refusal
/// always comes with an escalation, and once every call has settled nothing stays reserved.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BudgetPropertyTests(ClusterFixture fixture)
{
    /// <summary>One call: its estimate, and what it really used as a share of the estimate (0 = it produced nothing).</summary>
    public sealed record Call(int Estimate, int UsedPercent, bool SettleBeforeNext);

    private static readonly Arbitrary<Call[]> Calls =
        (from estimate in Gen.Choose(1, 400)
         from used in Gen.Choose(0, 100)
         from settle in Gen.Elements(true, false)
         select new Call(estimate, used, settle))
        .ArrayOf()
        .ToArbitrary();

    [Fact]
    public void A_ledger_never_exceeds_its_limit_and_refusals_always_escalate()
    {
        Prop.ForAll(Calls, Gen.Choose(100, 2000).ToArbitrary(), (calls, limit) => Holds(calls, limit).AsTask())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    private async ValueTask<bool> Holds(Call[] calls, int limit)
    {
        var ledger = fixture.Client.GetGrain<IBudgetGrain>("session:prop-" + Guid.NewGuid().ToString("N"));
        await ledger.SetLimitsAsync(limit, null);
        var open = new List<(Guid Id, Call Call)>();
        foreach (var call in calls)
        {
            var id = Guid.NewGuid();
            var reservation = await ledger.ReserveAsync(new BudgetRequest(id, call.Estimate, 0, null, "prop", null));
            var b = reservation.Budget;
            if (b.TokensSpent + b.TokensReserved > limit)
            {
                return false;
            }

            if (!reservation.Granted)
            {
                // Fail closed, and someone is told.
                if (!b.Exceeded || b.EscalationId is null)
                {
                    return false;
                }

                break;
            }

            open.Add((id, call));
            if (call.SettleBeforeNext)
            {
                await SettleAsync(ledger, open);
            }
        }

        await SettleAsync(ledger, open);
        var end = await ledger.GetAsync();
        return end.TokensReserved == 0 && end.TokensSpent <= limit;
    }

    private static async Task SettleAsync(IBudgetGrain ledger, List<(Guid Id, Call Call)> open)
    {
        foreach (var (id, call) in open)
        {
            // Actual usage never exceeds the estimate: the estimate is the full output cap.
            await ledger.SettleAsync(id, call.Estimate * call.UsedPercent / 100, 0);
        }

        open.Clear();
    }
}
