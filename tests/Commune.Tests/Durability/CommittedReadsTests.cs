using Commune.Grains.Storage;

namespace Commune.Tests.Durability;

/// <summary>What an interleaving read sees while a command runs, after it stores and after it fails.</summary>
public sealed class CommittedReadsTests
{
    private sealed record View(int Value);

    [Fact]
    public async Task A_read_during_a_command_sees_the_last_stored_state_and_after_it_the_new_one()
    {
        var current = 1;
        var reads = new CommittedReads<View>(() => new View(current));
        reads.Loaded();
        var writing = new TaskCompletionSource();
        var running = reads.RunAsync(async () =>
        {
            current = 2; // changed in memory, the write still in flight
            await writing.Task;
        });

        Assert.Equal(new View(1), reads.Read());
        writing.SetResult();
        await running;
        Assert.Equal(new View(2), reads.Read());
    }

    [Fact]
    public async Task A_command_that_throws_leaves_the_committed_view_for_reads_that_interleave_with_the_next_one()
    {
        var current = 1;
        var reads = new CommittedReads<View>(() => new View(current));
        reads.Loaded();
        await Assert.ThrowsAsync<InvalidOperationException>(() => reads.RunAsync(() =>
        {
            current = 2;
            throw new InvalidOperationException("the write failed");
        }));

        var writing = new TaskCompletionSource();
        var next = reads.RunAsync(() => writing.Task);
        Assert.Equal(new View(1), reads.Read());
        writing.SetResult();
        await next;
    }

    [Fact]
    public async Task An_object_created_by_a_command_is_not_readable_until_the_command_finishes()
    {
        View? current = null;
        var reads = new CommittedReads<View>(() => current);
        reads.Loaded();
        var writing = new TaskCompletionSource();
        var running = reads.RunAsync(async () =>
        {
            current = new View(1);
            await writing.Task;
        });

        Assert.Null(reads.Read());
        writing.SetResult();
        await running;
        Assert.Equal(new View(1), reads.Read());
    }
}
