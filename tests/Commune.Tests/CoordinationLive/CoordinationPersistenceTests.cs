using Commune.Analytics;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.CoordinationLive;

/// <summary>A team's coalesced writes reach storage: a new activation sees what the old one recorded.</summary>
[Collection(ClusterCollection.Name)]
public sealed class CoordinationPersistenceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Recorded_steps_members_and_outcomes_survive_deactivation()
    {
        var team = CoordinationApi.NewTeam("durable");
        var grain = fixture.Client.GetGrain<ICoordinationGrain>(team);
        await grain.AddMembersAsync(["keeper-a", "keeper-b"]);
        var observations = Enumerable.Range(0, 12)
            .SelectMany(t => new[]
            {
                new CoordinationObservation("keeper-a", t % 2 == 0 ? "claim" : "message", null, t % 3 == 0 ? "failure" : "success", DateTimeOffset.UtcNow, t),
                new CoordinationObservation("keeper-b", "review", "critic", null, DateTimeOffset.UtcNow, t),
            })
            .ToList();
        Assert.Equal(24, await grain.ObserveAsync(observations));
        var before = (await grain.ReportAsync(new CoordinationQuery(12, null, 20, 1))).Report!;

        // The default write delay (1 s) has not passed: only the write on deactivation can have stored this.
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var after = (await fixture.Client.GetGrain<ICoordinationGrain>(team).ReportAsync(new CoordinationQuery(12, null, 20, 1))).Report!;
        Assert.Equal(["keeper-a", "keeper-b"], after.Members);
        Assert.Equal(before.Successes, after.Successes);
        Assert.Equal(4, after.Failures);
        Assert.Equal(before.Pairs.Single().MutualInformation, after.Pairs.Single().MutualInformation);
        Assert.Equal(["critic"], after.Specialization.Where(r => r.Agent == "keeper-b").Select(r => r.Dominant));
    }
}
