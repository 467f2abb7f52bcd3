using Commune.Agents;

namespace Commune.Messages;

/// <summary>
/// <c>POST /v1/messages</c>: to one agent (<see cref="ToAgent"/>), to any agent with a capability (<see cref="ToCapability"/>), to a
/// topic's subscribers (<see cref="Topic"/>), or, with none of them, to every agent that is not offline (of <see cref="ToRole"/> when given).
/// <see cref="Payload"/> is JSON object text. <see cref="Id"/> is optional; a sender that retries with the same id is not delivered twice.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.messages.SendRequest")]
public sealed record SendRequest(
    [property: Id(0)] string From,
    [property: Id(1)] string Type,
    [property: Id(2)] string Payload,
    [property: Id(3)] string? ToAgent = null,
    [property: Id(4)] string? Topic = null,
    [property: Id(5)] string? ToRole = null,
    [property: Id(6)] string? ToCapability = null,
    [property: Id(7)] RoutingStrategy Strategy = RoutingStrategy.LeastLoaded,
    [property: Id(8)] string? InReplyTo = null,
    [property: Id(9)] string? Id = null,
    [property: Id(10)] string? TraceId = null);
