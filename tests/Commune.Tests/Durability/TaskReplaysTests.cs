using Commune.Grains.Tasks;
using Commune.Tasks;
using FsCheck;
using FsCheck.Fluent;

namespace Commune.Tests.Durability;

/// <summary>Which retried commands count as already applied: exactly the same agent, epoch and text, nothing looser.</summary>
public sealed class TaskReplaysTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static TaskSpec Spec(string id = "t") =>
        new(id, "title", null, TaskPriority.Medium, ["x"], [], null, null, null, 3, [], null, null, null, "creator");

    private static TaskState Completed(string agent, long epoch, string result) => new()
    {
        Spec = Spec(),
        Status = WorkStatus.Completed,
        AgentId = agent,
        Epoch = epoch,
        Result = result,
        Attempts = [new TaskAttempt(1, agent, epoch, "completed", null, At, At)],
    };

    [Fact]
    public void A_completion_is_a_replay_only_for_the_same_agent_epoch_and_result() =>
        Prop.ForAll(Gen.Choose(0, 5).ToArbitrary(), Gen.Choose(0, 5).ToArbitrary(), Gen.Elements("w1", "w2", "w3").ToArbitrary(), (epoch, asked, by) =>
        {
            var state = Completed("w1", epoch, "{\"ok\":true}");
            return TaskReplays.IsCompleted(state, by, asked, "{\"ok\":true}") == (by == "w1" && asked == epoch)
                && !TaskReplays.IsCompleted(state, by, asked, "{\"ok\":false}");
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));

    [Fact]
    public void A_failure_report_is_a_replay_when_that_attempt_failed_with_that_error_even_after_a_retry_began()
    {
        var state = new TaskState
        {
            Spec = Spec(),
            Status = WorkStatus.Claimed,
            AgentId = "w2",
            Epoch = 2,
            Attempts = [new TaskAttempt(1, "w1", 1, "failed", "tool crashed", At, At)],
        };

        Assert.True(TaskReplays.IsFailed(state, "w1", 1, "tool crashed"));
        Assert.False(TaskReplays.IsFailed(state, "w1", 1, "another error"));
        Assert.False(TaskReplays.IsFailed(state, "w2", 2, "tool crashed"));
    }

    [Fact]
    public void A_submission_is_a_replay_while_it_waits_for_review_and_after_it_was_approved()
    {
        var waiting = new TaskState { Spec = Spec(), Status = WorkStatus.PendingReview, AgentId = "w1", Epoch = 1, Result = "r" };
        Assert.True(TaskReplays.IsSubmitted(waiting, "w1", 1, "r"));
        Assert.False(TaskReplays.IsSubmitted(waiting, "w1", 1, "other"));
        Assert.True(TaskReplays.IsSubmitted(Completed("w1", 1, "r"), "w1", 1, "r"));
    }

    [Fact]
    public void A_creation_is_a_replay_only_for_an_equal_spec_and_the_same_subtasks()
    {
        var state = new TaskState { Spec = Spec(), Children = ["c1", "c2"] };
        Assert.True(TaskReplays.IsCreated(state, Spec(), ["c2", "c1"]));
        Assert.False(TaskReplays.IsCreated(state, Spec() with { Title = "renamed" }, ["c1", "c2"]));
        Assert.False(TaskReplays.IsCreated(state, Spec() with { Tags = ["x", "y"] }, ["c1", "c2"]));
        Assert.False(TaskReplays.IsCreated(state, Spec(), ["c1"]));
        Assert.False(TaskReplays.IsCreated(new TaskState(), Spec(), []));
    }
}
