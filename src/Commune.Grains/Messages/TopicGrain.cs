using Commune.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Grains.Messages;

/// <summary>
/// One topic's durable log. Publishing assigns the next sequence (previous highest + 1, never reused even after trimming), fills the
/// send time and schema version when the publisher left them out, and keeps only the newest <see cref="TopicOptions.TopicRetention"/>
/// messages. Republishing an id the topic still holds returns the stored message unchanged.
/// </summary>
public sealed partial class TopicGrain(
    [PersistentState("topic", StorageNames.Default)] IPersistentState<TopicState> state,
    IOptions<TopicOptions> options,
    TimeProvider time,
    ILogger<TopicGrain> logger) : Grain, ITopicGrain
{
    public async Task<MessageEnvelope> PublishAsync(MessageEnvelope message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Id, nameof(message));
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Type, nameof(message));

        var messages = state.State.Messages;
        var existing = messages.Find(m => m.Id == message.Id);
        if (existing is not null)
        {
            return existing;
        }

        var topic = this.GetPrimaryKeyString();
        var stored = message with
        {
            Topic = topic,
            SentAt = message.SentAt == default ? time.GetUtcNow() : message.SentAt,
            SchemaVersion = message.SchemaVersion == 0 ? MessageEnvelope.CurrentSchemaVersion : message.SchemaVersion,
            Sequence = state.State.LastSequence + 1,
        };

        messages.Add(stored);
        state.State.LastSequence = stored.Sequence;
        var retention = Retention;
        if (messages.Count > retention)
        {
            messages.RemoveRange(0, messages.Count - retention);
        }

        await state.WriteStateAsync();
        LogPublished(topic, stored.Id, stored.Type, stored.Sequence);

        // Subscribers' inboxes; one that misses this (streams here are not durable) reads it back from the log by sequence.
        try
        {
            await this.GetStreamProvider(TopicStreams.Provider).GetStream<MessageEnvelope>(TopicStreams.Id(topic)).OnNextAsync(stored);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogStreamFailed(ex, topic, stored.Id);
        }

        return stored;
    }

    public Task<IReadOnlyList<MessageEnvelope>> ReadAsync(long after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var messages = state.State.Messages;

        // Sequences are ascending: find the first one above "after" by binary search.
        int low = 0, high = messages.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (messages[mid].Sequence <= after)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        IReadOnlyList<MessageEnvelope> page = messages.GetRange(low, Math.Min(limit, messages.Count - low));
        return Task.FromResult(page);
    }

    public Task<long> LastSequenceAsync() => Task.FromResult(state.State.LastSequence);

    private int Retention => Math.Max(1, options.Value.TopicRetention);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Topic {Topic} stored {MessageId} but could not push it to subscribers; they read it from the log on the next message")]
    private partial void LogStreamFailed(Exception exception, string topic, string messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published {MessageId} ({MessageType}) to {Topic} as {Sequence}")]
    private partial void LogPublished(string topic, string messageId, string messageType, long sequence);
}
