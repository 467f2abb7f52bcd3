using Commune.Gateway.Endpoints.Agents;

namespace Commune.Gateway.Endpoints.Messages;

/// <summary>
/// A sent message and where it went: <c>route</c> is direct, capability, topic, broadcast or heartbeat; <c>recipients</c> counts the
/// inboxes it reached (null for a topic, whose subscribers receive it through the topic's stream).
/// </summary>
public sealed record SendMessageResponse(string Route, int? Recipients, InboxMessageResponse? Message);
