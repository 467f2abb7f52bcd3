using Orleans.Concurrency;
using Commune.Messages;

namespace Commune.Agents;

/// <summary>
/// One agent (key = its id, which is its registered name): registration, status, heartbeats, the tasks it holds and its durable inbox.
/// Calls into an agent from tasks and the directory are one-way, so an agent may await tasks and topics without a cycle.
/// </summary>
[Alias("commune.agents.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Registers the agent, or updates it in place when it exists (same id); revives an ended or offline agent.</summary>
    Task<AgentReply> RegisterAsync(AgentRegistration registration);

    /// <summary>The agent, or null when it was never registered.</summary>
    [AlwaysInterleave]
    Task<AgentView?> GetAsync();

    /// <summary>A heartbeat: marks the agent alive (an offline agent comes back idle) and renews the leases of the tasks it holds.</summary>
    Task<AgentReply> HeartbeatAsync();

    /// <summary>Seed 002's agent_update_status: status and the task being worked on (free text or a task id).</summary>
    Task<AgentReply> SetStatusAsync(AgentStatus status, string? task, string? reason);

    /// <summary>Ends the agent (a retired pool worker, a finished subagent): offline, never offered work, until registered again.</summary>
    Task<AgentReply> EndAsync(string reason);

    /// <summary>Starts a topic subscription: the topic's messages from now on are delivered to the inbox.</summary>
    Task<AgentReply> SubscribeAsync(string topic);

    Task<AgentReply> UnsubscribeAsync(string topic);

    /// <summary>
    /// Checks that this agent may send a message now (registered, not ended, within its rate) and works out which conversation it
    /// belongs to and how deep it is, refusing one that would pass the hop limit.
    /// </summary>
    Task<SendTicket> PrepareSendAsync(string messageId, string? toAgent, string? inReplyTo);

    /// <summary>Stores a message in the inbox until acknowledged. Repeats of an id the agent already received are ignored.</summary>
    Task<Delivery> DeliverAsync(MessageEnvelope message);

    /// <summary>Unacknowledged messages with an inbox sequence above <paramref name="after"/>, oldest first.</summary>
    Task<InboxPage> ReadInboxAsync(long after, int limit);

    /// <summary>Removes acknowledged messages; ids not in the inbox are reported back, not an error.</summary>
    Task<AckResult> AckAsync(IReadOnlyList<string> messageIds);

    /// <summary>A task told this agent it now holds it (at <paramref name="epoch"/>).</summary>
    [OneWay]
    Task TaskHeldAsync(string taskId, long epoch);

    /// <summary>A task told this agent it no longer holds it (finished, released, expired, or taken away).</summary>
    [OneWay]
    Task TaskLetGoAsync(string taskId, long epoch);

    /// <summary>The directory saw no heartbeat since <paramref name="lastSeen"/> for too long.</summary>
    [OneWay]
    Task MissedHeartbeatsAsync(DateTimeOffset lastSeen);
}
