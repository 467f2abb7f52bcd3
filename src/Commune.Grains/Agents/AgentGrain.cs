using Commune.Agents;
using Commune.Messages;
using Commune.Providers.Profiles;
using Commune.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Orleans.Streams.Core;

using Commune.Grains.Events;
using Commune.Grains.Messages;
using Commune.Grains.Storage;

namespace Commune.Grains.Agents;

/// <summary>
/// One agent. Registration, status and held tasks are one state; the inbox is another, so each write carries only what changed.
/// Heartbeats are kept in memory and forwarded to the directory shard (which watches for missed ones) at most every
/// <see cref="FleetOptions.HeartbeatCoalescing"/>; they renew the leases of the tasks the agent holds. Topic subscriptions are Orleans
/// stream subscriptions; a gap in a topic's sequence is read back from the topic's durable log, so nothing published is skipped.
/// </summary>
public sealed partial class AgentGrain(
    [PersistentState("agent", StorageNames.Default)] IPersistentState<AgentState> state,
    [PersistentState("inbox", StorageNames.Default)] IPersistentState<InboxState> inbox,
    IOptions<FleetOptions> fleet,
    IOptions<MessageOptions> messages,
    ProfileCatalog profiles,
    IAuditTrail audit,
    TimeProvider time,
    ILogger<AgentGrain> logger) : Grain, IAgentGrain, IStreamSubscriptionObserver, IIncomingGrainCallFilter
{
    private const int RecentCapacity = 256;

    // Recently received messages (acknowledged or not), newest last: repeats of an id are ignored, and a reply continues the
    // conversation it answers. In memory only: waiting messages are still checked for repeats after a reactivation, and a
    // conversation's hop count starts again after a silo loss (agents pinging each other keep their activation alive).
    private readonly List<ReceivedMark> _recent = [];
    private DateTimeOffset? _forwardedHeartbeat;
    private TokenBucket? _sendRate;
    private CommittedReads<AgentView>? _reads;

    private CommittedReads<AgentView> Reads => _reads ??= new(() => Registered ? View() : null);

    private AgentState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    private bool Registered => S.Role is not null;

    private DateTimeOffset Now => time.GetUtcNow();

    private FleetOptions Fleet => fleet.Value;

    private IAgentDirectoryGrain Directory => GrainFactory.GetGrain<IAgentDirectoryGrain>(AgentShards.Of(Id, Fleet.DirectoryShards));

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        Reads.Loaded();
        // A shard that died before its coalesced write forgot the agents it last heard from; each agent it lost tells it again when
        // it next wakes (one-way, so nothing here waits on another grain). A shard holding a newer entry ignores this one.
        if (Registered)
        {
            Report();
        }

        return Task.CompletedTask;
    }

    public async Task<AgentReply> RegisterAsync(AgentRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (registration.Name != Id)
        {
            return AgentReply.Refused(AgentErrorCode.Invalid, $"The registration is for '{registration.Name}', not '{Id}'.");
        }

        if (registration.Profile is { } profile && !profiles.Current.TryGet(profile, out _))
        {
            var known = string.Join(", ", profiles.Current.Profiles.Keys.Order(StringComparer.Ordinal));
            return AgentReply.Refused(AgentErrorCode.Invalid, $"There is no profile '{profile}'. Profiles: {known}.", profile);
        }

        var now = Now;
        var created = !Registered;
        if (created)
        {
            S.RegisteredAt = now;
            S.StatusSince = now;
        }

        S.Role = registration.Role;
        S.Profile = registration.Profile;
        S.Capabilities = [.. registration.Capabilities.Distinct(StringComparer.Ordinal)];
        S.MaxConcurrentTasks = registration.MaxConcurrentTasks > 0 ? registration.MaxConcurrentTasks : Fleet.DefaultMaxConcurrentTasks;
        S.Pool = registration.Pool ?? (created ? null : S.Pool);
        S.Parent = registration.Parent ?? (created ? null : S.Parent);
        S.LastHeartbeat = now;
        _forwardedHeartbeat = now;
        S.EndedAt = null;
        if (created || S.Status == AgentStatus.Offline)
        {
            ChangeStatus(S.Held.Count > 0 ? AgentStatus.Working : AgentStatus.Idle, created ? "registered" : "registered again");
        }

        var topics = (registration.Subscriptions ?? []).Concat(Fleet.RoleSubscriptions.GetValueOrDefault(registration.Role) ?? []);
        foreach (var topic in topics.Distinct(StringComparer.Ordinal).Where(t => !S.Subscriptions.Contains(t)))
        {
            await SubscribeStreamAsync(topic);
        }

        await SaveAsync(created ? AgentEvents.Registered : AgentEvents.Updated);
        LogRegistered(logger, Id, S.Role, created);
        return AgentReply.Ok(View(), created);
    }

    public Task<AgentView?> GetAsync() => Task.FromResult(Reads.Read());

    /// <summary>Every command runs inside <see cref="CommittedReads{TView}"/>: the interleaving read never shows what is not stored yet.</summary>
    public Task Invoke(IIncomingGrainCallContext context) =>
        context.ImplementationMethod.Name == nameof(GetAsync) ? context.Invoke() : Reads.RunAsync(context.Invoke);

    public async Task<AgentReply> HeartbeatAsync()
    {
        if (!Registered)
        {
            return NotFound();
        }

        var now = Now;
        S.LastHeartbeat = now;
        if (S.Status == AgentStatus.Offline && S.EndedAt is null)
        {
            ChangeStatus(S.Held.Count > 0 ? AgentStatus.Working : AgentStatus.Idle, "heartbeat after being offline");
            await SaveAsync(AgentEvents.Status);
        }
        else if (_forwardedHeartbeat is { } last && now - last < Fleet.HeartbeatCoalescing)
        {
            // Coalesced: alive is alive; the directory and the leases heard from us moments ago.
            return AgentReply.Ok(View());
        }
        else
        {
            Report();
        }

        _forwardedHeartbeat = now;
        foreach (var (task, epoch) in S.Held)
        {
            GrainFactory.GetGrain<ITaskGrain>(task).AgentHeartbeatAsync(Id, epoch).Ignore();
        }

        return AgentReply.Ok(View());
    }

    public async Task<AgentReply> SetStatusAsync(AgentStatus status, string? task, string? reason)
    {
        if (!Registered)
        {
            return NotFound();
        }

        if (S.EndedAt is not null && status != AgentStatus.Offline)
        {
            return AgentReply.Refused(AgentErrorCode.Ended, $"Agent '{Id}' ended at {S.EndedAt:O}; register it again to bring it back.");
        }

        S.LastHeartbeat = Now;
        _forwardedHeartbeat = S.LastHeartbeat;
        if (status != S.Status)
        {
            ChangeStatus(status, reason ?? "status update");
        }
        else
        {
            S.StatusReason = reason ?? S.StatusReason;
        }

        S.CurrentTask = status == AgentStatus.Idle ? null : task;
        await SaveAsync(AgentEvents.Status);
        return AgentReply.Ok(View());
    }

    public async Task<AgentReply> EndAsync(string reason)
    {
        if (!Registered)
        {
            return NotFound();
        }

        if (S.EndedAt is null)
        {
            S.EndedAt = Now;
            ChangeStatus(AgentStatus.Offline, "ended: " + reason);
            S.CurrentTask = null;
            await SaveAsync(AgentEvents.Ended);
            LogEnded(logger, Id, reason);
        }

        return AgentReply.Ok(View());
    }

    public async Task<AgentReply> SubscribeAsync(string topic)
    {
        if (!Registered)
        {
            return NotFound();
        }

        if (!S.Subscriptions.Contains(topic))
        {
            await SubscribeStreamAsync(topic);
            await SaveAsync(AgentEvents.Subscriptions);
        }

        return AgentReply.Ok(View());
    }

    public async Task<AgentReply> UnsubscribeAsync(string topic)
    {
        if (!Registered)
        {
            return NotFound();
        }

        if (S.Subscriptions.Remove(topic))
        {
            foreach (var handle in await TopicStream(topic).GetAllSubscriptionHandles())
            {
                await handle.UnsubscribeAsync();
            }

            inbox.State.TopicCursors.Remove(topic);
            await inbox.WriteStateAsync();
            await SaveAsync(AgentEvents.Subscriptions);
        }

        return AgentReply.Ok(View());
    }

    public Task<SendTicket> PrepareSendAsync(string messageId, string? toAgent, string? inReplyTo)
    {
        if (!Registered)
        {
            return Task.FromResult(SendTicket.Refused(AgentError.Of(
                AgentErrorCode.UnknownSender, $"The sender '{Id}' is not a registered agent; register it with POST /v1/agents first.", Id)));
        }

        if (S.EndedAt is not null)
        {
            return Task.FromResult(SendTicket.Refused(AgentError.Of(AgentErrorCode.Ended, $"The sender '{Id}' has ended; register it again to send.", Id)));
        }

        var now = Now;
        var limits = messages.Value;
        _sendRate ??= new TokenBucket(limits.RatePerSecond, limits.Burst, now);
        if (!_sendRate.TryTake(now, out var wait))
        {
            LogThrottled(logger, Id);
            return Task.FromResult(SendTicket.Refused(new AgentError(
                AgentErrorCode.Throttled,
                $"Agent '{Id}' is sending faster than {limits.RatePerSecond:0.##} messages/s (burst {limits.Burst}); batch updates instead of sending in a loop.",
                [Id],
                wait)));
        }

        // The conversation continues from the message replied to, or else from the last direct message the recipient sent us.
        var recent = _recent;
        ReceivedMark? parent = null;
        if (inReplyTo is not null)
        {
            parent = recent.FindLast(m => m.Id == inReplyTo);
        }
        else if (toAgent is not null)
        {
            parent = recent.FindLast(m => m.Direct && m.From == toAgent && now - m.At <= limits.ConversationWindow);
        }

        if (parent is null)
        {
            return Task.FromResult(new SendTicket(null, messageId, 0));
        }

        var hop = parent.Hop + 1;
        if (hop > limits.MaxHops)
        {
            LogHopLimit(logger, Id, parent.From, parent.ConversationId, hop);
            return Task.FromResult(SendTicket.Refused(AgentError.Of(
                AgentErrorCode.HopLimit,
                $"Conversation '{parent.ConversationId}' between '{Id}' and '{parent.From}' already has {parent.Hop} replies " +
                $"(limit {limits.MaxHops}): agents replying to each other forever is refused. Stop replying, or start a new conversation " +
                "with a new request after a human or orchestrator decides to.",
                parent.ConversationId)));
        }

        return Task.FromResult(new SendTicket(null, parent.ConversationId, hop));
    }

    public Task<Delivery> DeliverAsync(MessageEnvelope message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return StoreAsync(message);
    }

    public Task<InboxPage> ReadInboxAsync(long after, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var waiting = inbox.State.Messages;
        var start = waiting.FindIndex(m => m.Sequence > after);
        IReadOnlyList<MessageEnvelope> page = start < 0 ? [] : waiting.GetRange(start, Math.Min(limit, waiting.Count - start));
        return Task.FromResult(new InboxPage(Registered, page, waiting.Count));
    }

    public async Task<AckResult> AckAsync(IReadOnlyList<string> messageIds)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (!Registered)
        {
            return new AckResult(false, [], messageIds, 0);
        }

        var wanted = messageIds.ToHashSet(StringComparer.Ordinal);
        var acknowledged = new List<string>();
        inbox.State.Messages.RemoveAll(m =>
        {
            if (!wanted.Remove(m.Id))
            {
                return false;
            }

            acknowledged.Add(m.Id);
            return true;
        });

        if (acknowledged.Count > 0)
        {
            await inbox.WriteStateAsync();
            var now = Now;
            foreach (var id in acknowledged)
            {
                audit.Record(AgentEvents.Acked(Id, id, now));
            }
        }

        return new AckResult(true, acknowledged, [.. messageIds.Where(wanted.Contains)], inbox.State.Messages.Count);
    }

    public async Task TaskHeldAsync(string taskId, long epoch)
    {
        if (!Registered || (S.Held.TryGetValue(taskId, out var known) && known >= epoch))
        {
            return;
        }

        S.Held[taskId] = epoch;
        S.CurrentTask ??= taskId;
        if (S.Status == AgentStatus.Idle)
        {
            ChangeStatus(AgentStatus.Working, "claimed " + taskId);
            S.CurrentTask = taskId;
        }

        await SaveAsync(AgentEvents.Tasks);
    }

    public async Task TaskLetGoAsync(string taskId, long epoch)
    {
        if (!Registered || !S.Held.TryGetValue(taskId, out var held) || held > epoch)
        {
            return;
        }

        S.Held.Remove(taskId);
        if (S.CurrentTask == taskId)
        {
            S.CurrentTask = S.Held.Keys.FirstOrDefault();
        }

        if (S.Held.Count == 0 && S.Status == AgentStatus.Working)
        {
            ChangeStatus(AgentStatus.Idle, "let go of " + taskId);
        }

        await SaveAsync(AgentEvents.Tasks);
    }

    public async Task MissedHeartbeatsAsync(DateTimeOffset lastSeen)
    {
        // A heartbeat that reached us after the shard looked wins.
        if (!Registered || S.Status == AgentStatus.Offline || (S.LastHeartbeat is { } beat && beat > lastSeen))
        {
            return;
        }

        ChangeStatus(AgentStatus.Offline, $"missed heartbeats: none since {lastSeen:O}");
        await SaveAsync(AgentEvents.Status);
        LogWentOffline(logger, Id, lastSeen);
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        // Re-attaches a subscription made in an earlier activation (Orleans calls this when a stream message activates us).
        var handle = handleFactory.Create<MessageEnvelope>();
        await handle.ResumeAsync((message, _) => OnTopicMessageAsync(message));
    }

    private async Task SubscribeStreamAsync(string topic)
    {
        var stream = TopicStream(topic);
        if ((await stream.GetAllSubscriptionHandles()).Count == 0)
        {
            await stream.SubscribeAsync((message, _) => OnTopicMessageAsync(message));
        }

        S.Subscriptions.Add(topic);
        if (!inbox.State.TopicCursors.ContainsKey(topic))
        {
            // From now on: what the topic already holds is history, readable at /v1/topics/{topic}/messages.
            var latest = await GrainFactory.GetGrain<ITopicGrain>(topic).LastSequenceAsync();
            inbox.State.TopicCursors[topic] = latest;
            await inbox.WriteStateAsync();
        }
    }

    private async Task OnTopicMessageAsync(MessageEnvelope message)
    {
        var topic = message.Topic;
        if (topic is null || !S.Subscriptions.Contains(topic))
        {
            return;
        }

        var cursor = inbox.State.TopicCursors.GetValueOrDefault(topic);
        if (message.Sequence <= cursor)
        {
            return;
        }

        if (message.Sequence > cursor + 1)
        {
            // Streams here are not durable: read what we missed from the topic's log, in order.
            foreach (var missed in await GrainFactory.GetGrain<ITopicGrain>(topic).ReadAsync(cursor, (int)Math.Min(message.Sequence - cursor - 1, 1000)))
            {
                if (missed.Sequence < message.Sequence)
                {
                    await StoreAsync(missed, topicCursor: true);
                }
            }
        }

        await StoreAsync(message, topicCursor: true);
    }

    private async Task<Delivery> StoreAsync(MessageEnvelope message, bool topicCursor = false)
    {
        if (!Registered)
        {
            return new Delivery(AgentError.Of(AgentErrorCode.UnknownRecipient, $"There is no agent '{Id}'.", Id), 0, false);
        }

        var box = inbox.State;
        if (_recent.Exists(m => m.Id == message.Id) || box.Messages.Exists(m => m.Id == message.Id))
        {
            return new Delivery(null, box.Messages.Find(m => m.Id == message.Id)?.Sequence ?? 0, true);
        }

        if (box.Messages.Count >= Fleet.InboxCapacity)
        {
            return new Delivery(new AgentError(
                AgentErrorCode.InboxFull,
                $"Agent '{Id}' has {box.Messages.Count} unacknowledged messages (capacity {Fleet.InboxCapacity}); it must acknowledge some first.",
                [Id],
                Fleet.HeartbeatInterval), 0, false);
        }

        var stored = message with { Sequence = box.LastSequence + 1 };
        box.Messages.Add(stored);
        box.LastSequence = stored.Sequence;
        if (topicCursor && message.Topic is { } topic)
        {
            box.TopicCursors[topic] = Math.Max(box.TopicCursors.GetValueOrDefault(topic), message.Sequence);
        }

        await inbox.WriteStateAsync();
        _recent.Add(new ReceivedMark(message.Id, message.From, message.ConversationId ?? message.Id, message.Hop, Now, message.ToAgent == Id));
        if (_recent.Count > RecentCapacity)
        {
            _recent.RemoveRange(0, _recent.Count - RecentCapacity);
        }

        return new Delivery(null, stored.Sequence, false);
    }

    private IAsyncStream<MessageEnvelope> TopicStream(string topic) =>
        this.GetStreamProvider(TopicStreams.Provider).GetStream<MessageEnvelope>(TopicStreams.Id(topic));

    /// <summary>Moves to a new status, closing the time spent in the old one.</summary>
    private void ChangeStatus(AgentStatus status, string reason)
    {
        var now = Now;
        if (Registered && S.StatusSince != default)
        {
            var spent = now - S.StatusSince;
            if (S.Status == AgentStatus.Working)
            {
                S.WorkingTime += spent;
            }
            else if (S.Status == AgentStatus.Idle)
            {
                S.IdleTime += spent;
            }
        }

        S.Status = status;
        S.StatusSince = now;
        S.StatusReason = reason;
    }

    private async Task SaveAsync(string kind)
    {
        S.Version++;
        await state.WriteStateAsync();
        audit.Record(AgentEvents.Agent(kind, Id, S, Now));
        Report();
    }

    private void Report() => Directory.UpdateAsync(Entry()).Ignore();

    private (TimeSpan Working, TimeSpan Idle) Times()
    {
        var open = Now - S.StatusSince;
        return S.Status switch
        {
            AgentStatus.Working => (S.WorkingTime + open, S.IdleTime),
            AgentStatus.Idle => (S.WorkingTime, S.IdleTime + open),
            _ => (S.WorkingTime, S.IdleTime),
        };
    }

    private AgentEntry Entry()
    {
        var (working, idle) = Times();
        return new AgentEntry(
            Id, S.Role!, S.Profile, S.Capabilities, S.Status, S.CurrentTask, S.Held.Count, S.MaxConcurrentTasks,
            S.LastHeartbeat ?? S.RegisteredAt, S.StatusSince, S.Pool, S.Version, working, idle, S.EndedAt is not null);
    }

    private AgentView View()
    {
        var (working, idle) = Times();
        return new AgentView(
            Id, S.Role!, S.Profile, [.. S.Capabilities], S.MaxConcurrentTasks, S.Status, S.CurrentTask, [.. S.Held.Keys.Order(StringComparer.Ordinal)],
            S.LastHeartbeat, S.RegisteredAt, S.StatusSince, S.StatusReason, AgentRoles.Handoff(S.Role!), S.Pool, S.Parent, [.. S.Subscriptions],
            inbox.State.Messages.Count, working, idle, S.EndedAt, S.Version);
    }

    private AgentReply NotFound() => AgentReply.Refused(AgentErrorCode.NotFound, $"There is no agent '{Id}'; register it with POST /v1/agents.", Id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} registered as {Role} (new: {Created})")]
    private static partial void LogRegistered(ILogger logger, string agentId, string role, bool created);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent {AgentId} ended: {Reason}")]
    private static partial void LogEnded(ILogger logger, string agentId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} is offline: no heartbeat since {LastSeen}")]
    private static partial void LogWentOffline(ILogger logger, string agentId, DateTimeOffset lastSeen);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} is sending too fast; refused with 429")]
    private static partial void LogThrottled(ILogger logger, string agentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent {AgentId} reached the hop limit replying to {Peer} in conversation {ConversationId} (hop {Hop})")]
    private static partial void LogHopLimit(ILogger logger, string agentId, string peer, string conversationId, int hop);
}
