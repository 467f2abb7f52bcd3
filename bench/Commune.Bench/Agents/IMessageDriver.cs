namespace Commune.Bench.Agents;

/// <summary>The agent and message operations the message benchmark needs, over HTTP or straight to the grains.</summary>
internal interface IMessageDriver : IAsyncDisposable
{
    string Name { get; }

    Task RegisterAsync(string name, IReadOnlyList<string> capabilities);

    /// <summary>Sends a <c>direct</c> message; the stored message's id when accepted, else the refusal's code.</summary>
    Task<(string? Id, string? Refused)> SendAsync(string from, string to, string payload);

    /// <summary>The ids of up to <paramref name="limit"/> unacknowledged messages, oldest first, and the recipient each names.</summary>
    Task<IReadOnlyList<(string Id, string? To)>> ReadAsync(string agent, int limit);

    Task AckAsync(string agent, IReadOnlyList<string> ids);
}
