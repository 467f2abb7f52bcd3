namespace Commune.Messages;

/// <summary>
/// A durable, bounded message log for one topic (key = topic name, see <see cref="Topics"/>). The task system publishes
/// <c>request_help</c>, <c>review_request</c>, <c>review_complete</c> and <c>vote_result</c> here.
/// </summary>
[Alias("commune.messages.ITopicGrain")]
public interface ITopicGrain : IGrainWithStringKey
{
    /// <summary>Appends a message (idempotent on its id) and returns it with its sequence number.</summary>
    Task<MessageEnvelope> PublishAsync(MessageEnvelope message);

    /// <summary>Messages with a sequence above <paramref name="after"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<MessageEnvelope>> ReadAsync(long after, int limit);

    /// <summary>The highest sequence assigned so far (0 for an empty topic): where a new subscriber starts.</summary>
    Task<long> LastSequenceAsync();
}
