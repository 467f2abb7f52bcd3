namespace Commune.Gateway.Endpoints.Messages;

/// <summary>
/// One page of a topic, oldest first. <see cref="NextAfter"/> is the last message's sequence (or the request's <c>after</c> when the
/// page is empty): pass it as <c>after</c> to read on.
/// </summary>
public sealed record TopicMessagePage(IReadOnlyList<TopicMessage> Messages, long NextAfter);
