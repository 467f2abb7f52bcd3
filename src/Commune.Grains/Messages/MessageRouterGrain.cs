using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Commune.Agents;
using Commune.Grains.Agents;
using Commune.Grains.Events;
using Commune.Grains.Monitoring;
using Commune.Messages;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace Commune.Grains.Messages;

/// <summary>
/// Checks a message against the envelope rules, its type's payload shape and the sender's limits, then routes it: to one inbox, to the
/// least-loaded or next capable agent, to a topic's subscribers, or to every agent. Nothing is delivered unless every check passed.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class MessageRouterGrain(IOptions<MessageOptions> options, IAuditTrail audit, MessageTally tally, TimeProvider time)
    : Grain, IMessageRouterGrain
{
    private const int MaxIdLength = 200;
    private readonly Dictionary<string, MessageTypeDefinition> _custom = new(StringComparer.Ordinal);

    public async Task<SendReply> SendAsync(SendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reply = await RouteAsync(request);
        if (reply.Error is { } error)
        {
            MessageMetrics.Refused.Add(1, new KeyValuePair<string, object?>("code", error.Code.ToString()));
            tally.Refused();
        }

        return reply;
    }

    private async Task<SendReply> RouteAsync(SendRequest request)
    {
        if (await CheckAsync(request) is { } refused)
        {
            return refused;
        }

        var sender = GrainFactory.GetGrain<IAgentGrain>(request.From);
        if (request.Type == MessageTypes.Heartbeat)
        {
            var beat = await sender.HeartbeatAsync();
            return beat.Error is { } notRegistered ? SendReply.Refused(Unknown(notRegistered, request.From)) : new SendReply(null, 0, null);
        }

        var id = request.Id ?? "msg_" + Guid.CreateVersion7().ToString("N");
        var ticket = await sender.PrepareSendAsync(id, request.ToAgent, request.InReplyTo);
        if (ticket.Error is { } stop)
        {
            return SendReply.Refused(stop);
        }

        var message = new MessageEnvelope(
            id, request.Type, request.From, request.ToAgent, request.Topic, request.Payload,
            request.TraceId ?? Activity.Current?.TraceId.ToString(), time.GetUtcNow(), MessageEnvelope.CurrentSchemaVersion, 0,
            ticket.ConversationId, ticket.Hop, request.InReplyTo);

        if (request.ToCapability is { } capability)
        {
            var picked = await GrainFactory.GetGrain<IAgentBoardGrain>(0).PickAsync(capability, request.Strategy);
            if (picked is null)
            {
                return SendReply.Refused(AgentErrorCode.NoAgentAvailable, $"No agent with capability '{capability}' is online with room for work.", capability);
            }

            message = message with { ToAgent = picked.Id };
        }

        if (message.ToAgent is { } to)
        {
            var delivery = await GrainFactory.GetGrain<IAgentGrain>(to).DeliverAsync(message);
            if (delivery.Error is { } undelivered)
            {
                return SendReply.Refused(undelivered);
            }

            Count(message, "direct", 1);
            return new SendReply(message with { Sequence = delivery.Sequence }, 1, null);
        }

        if (message.Topic is { } topic)
        {
            var stored = await GrainFactory.GetGrain<ITopicGrain>(topic).PublishAsync(message);
            Count(stored, "topic", 0);
            return new SendReply(stored, -1, null);
        }

        // A broadcast reaches every current agent's inbox; the broadcast topic keeps the history.
        var recipients = await GrainFactory.GetGrain<IAgentBoardGrain>(0).BroadcastAsync(message, request.ToRole);
        var logged = await GrainFactory.GetGrain<ITopicGrain>(Topics.Broadcast).PublishAsync(message with { Topic = null });
        Count(message, "broadcast", recipients);
        return new SendReply(logged, recipients, null);
    }

    /// <summary>The envelope, type and payload rules, in the order a sender would want to hear about them.</summary>
    private async Task<SendReply?> CheckAsync(SendRequest request)
    {
        if (!AgentNames.IsValid(request.From, AgentNames.MaxIdLength))
        {
            return Invalid(AgentNames.Rule("from", AgentNames.MaxIdLength), "from");
        }

        var targets = new[] { request.ToAgent, request.Topic, request.ToCapability }.Count(t => t is not null);
        if (targets > 1)
        {
            return Invalid("Give at most one of to_agent, topic and to_capability (none is a broadcast).", "to_agent", "topic", "to_capability");
        }

        if (request.ToRole is not null && targets > 0)
        {
            return Invalid("to_role narrows a broadcast; it cannot be combined with to_agent, topic or to_capability.", "to_role");
        }

        foreach (var (name, value, max) in new[]
        {
            ("to_agent", request.ToAgent, AgentNames.MaxIdLength), ("topic", request.Topic, Topics.MaxLength),
            ("to_role", request.ToRole, AgentNames.MaxRoleLength), ("to_capability", request.ToCapability, AgentNames.MaxCapabilityLength),
            ("id", request.Id, MaxIdLength), ("in_reply_to", request.InReplyTo, MaxIdLength),
        })
        {
            if (value is not null && !AgentNames.IsValid(value, max))
            {
                return Invalid(AgentNames.Rule(name, max), name);
            }
        }

        var type = await FindTypeAsync(request.Type);
        if (type is null)
        {
            return SendReply.Refused(
                AgentErrorCode.UnknownType,
                $"Unknown message type '{request.Type}'. Built-in types: {string.Join(", ", MessageSchemas.BuiltIn.Keys)}; register others with POST /v1/message-types.",
                request.Type);
        }

        var bytes = Encoding.UTF8.GetByteCount(request.Payload);
        var limit = options.Value.MaxPayloadBytes;
        if (bytes > limit)
        {
            return SendReply.Refused(AgentErrorCode.PayloadTooLarge, $"The payload is {bytes} bytes; the limit is {limit} (Messages:MaxPayloadBytes).", "payload");
        }

        IReadOnlyList<string> violations;
        try
        {
            using var payload = JsonDocument.Parse(request.Payload);
            violations = MessageSchemas.Violations(type, payload.RootElement);
        }
        catch (JsonException ex)
        {
            violations = [$"payload is not valid JSON: {ex.Message}"];
        }

        return violations.Count == 0
            ? null
            : SendReply.Refused(AgentErrorCode.Invalid, $"The payload does not have the shape of a {type.Name} message: {string.Join("; ", violations)}.", [.. violations]);
    }

    private async Task<MessageTypeDefinition?> FindTypeAsync(string name)
    {
        if (MessageSchemas.BuiltIn.TryGetValue(name, out var builtIn) || _custom.TryGetValue(name, out builtIn))
        {
            return builtIn;
        }

        // A miss re-reads the registry, so a type registered a moment ago on another silo is known here at once.
        foreach (var type in await GrainFactory.GetGrain<IMessageTypeRegistryGrain>(IMessageTypeRegistryGrain.Key).ListAsync())
        {
            if (!type.BuiltIn)
            {
                _custom[type.Name] = type;
            }
        }

        return _custom.GetValueOrDefault(name);
    }

    private void Count(MessageEnvelope message, string route, int delivered)
    {
        audit.Record(AgentEvents.Sent(message, route, delivered, time.GetUtcNow()));
        tally.Sent(delivered);
        var type = new KeyValuePair<string, object?>("type", message.Type);
        MessageMetrics.Sent.Add(1, type, new KeyValuePair<string, object?>("route", route));
        if (delivered > 0)
        {
            MessageMetrics.Delivered.Add(delivered, type);
        }
    }

    private static AgentError Unknown(AgentError error, string agent) =>
        error.Code == AgentErrorCode.NotFound
            ? AgentError.Of(AgentErrorCode.UnknownSender, $"The sender '{agent}' is not a registered agent; register it with POST /v1/agents first.", agent)
            : error;

    private static SendReply Invalid(string message, params IReadOnlyList<string> fields) => SendReply.Refused(AgentErrorCode.Invalid, message, fields);
}
