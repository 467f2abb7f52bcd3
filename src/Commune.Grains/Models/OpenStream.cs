using Microsoft.Extensions.AI;

namespace Commune.Grains.Models;

/// <summary>
/// A provider stream that has produced its first content. <see cref="Cancellation"/> now only follows the caller and the stall timer,
/// no longer the step's timeout.
/// </summary>
internal sealed class OpenStream(IAsyncEnumerator<ChatResponseUpdate> updates, CancellationTokenSource cancellation, List<ChatResponseUpdate> first)
    : IAsyncDisposable
{
    public IAsyncEnumerator<ChatResponseUpdate> Updates { get; } = updates;

    public CancellationTokenSource Cancellation { get; } = cancellation;

    public List<ChatResponseUpdate> First { get; } = first;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Updates.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            // Disposing a broken or cancelled stream may throw; it is being abandoned either way.
        }

        Cancellation.Dispose();
    }
}
