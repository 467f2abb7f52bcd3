using Commune.Messages;
using Commune.Tests.Infrastructure;
using Commune.Votes;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Tests.Coordination;

/// <summary>The vote's deadline reminder on the two-silo test cluster: it closes a vote whose activation (and timer) is gone.</summary>
[Collection(ClusterCollection.Name)]
public sealed class VoteReminderTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Vote_deactivated_before_its_deadline_is_closed_by_its_reminder_and_publishes_one_result()
    {
        var id = $"reminder-{Guid.NewGuid():N}";
        var vote = fixture.Client.GetGrain<IVoteGrain>(id);
        var created = await vote.CreateAsync(new VoteSpec("Ship it?", ["yes", "no"], ["a", "b"], 2, 0.5, "orchestrator"));
        Assert.NotNull(created.Vote);
        await vote.CastAsync("a", "yes", null);

        // Drop every idle activation: the deadline timer goes with the vote's; only the reminder can close it now.
        await fixture.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var topic = fixture.Client.GetGrain<ITopicGrain>(Topics.ForVote(id));
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        IReadOnlyList<MessageEnvelope> messages = [];
        while (DateTime.UtcNow < until)
        {
            messages = await topic.ReadAsync(0, 100);
            if (messages.Any(m => m.Type == MessageTypes.VoteResult))
            {
                break;
            }

            await Task.Delay(250);
        }

        var result = Assert.Single(messages, m => m.Type == MessageTypes.VoteResult);
        Assert.Contains("\"closed_by\":\"deadline\"", result.Payload, StringComparison.Ordinal);
        var view = await vote.GetAsync();
        Assert.Equal(VoteStatuses.Closed, view!.Status);
        Assert.Equal(VoteClosers.Deadline, view.Result!.ClosedBy);
        Assert.Equal(1, view.Result.NotVoted);
        Assert.Equal(VoteOutcomes.Decided, view.Result.Outcome);
        Assert.Single(await topic.ReadAsync(0, 100), m => m.Type == MessageTypes.VoteResult);

        // Closed and published: the reminder removes itself.
        var reminders = fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IReminderTable>();
        var rows = await reminders.ReadRows(vote.GetGrainId());
        for (var i = 0; i < 50 && rows.Reminders.Count > 0; i++)
        {
            await Task.Delay(100);
            rows = await reminders.ReadRows(vote.GetGrainId());
        }

        Assert.Empty(rows.Reminders);
    }
}
