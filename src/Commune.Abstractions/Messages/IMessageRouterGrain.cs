namespace Commune.Messages;

/// <summary>Validates and routes messages (a stateless worker on every silo, so sending has no hot grain).</summary>
[Alias("commune.messages.IMessageRouterGrain")]
public interface IMessageRouterGrain : IGrainWithIntegerKey
{
    Task<SendReply> SendAsync(SendRequest request);
}
