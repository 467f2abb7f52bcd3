namespace Commune.Faults;

/// <summary>
/// Storage (PostgreSQL, or whatever backs grain state) could not read or write an object. It replaces the provider's own exception at
/// the silo, because provider exception types cannot cross the wire to a gateway, and it tells the caller what to do: the change was not
/// kept (the activation that held it is dropped, so the next call reloads what is stored), retry after <see cref="RetryAfterSeconds"/>.
/// </summary>
/// <remarks>
/// Derives from <see cref="OrleansException"/> so Orleans' storage bridge passes it through as it is rather than wrapping it in a message
/// that carries the provider's stack trace.
/// </remarks>
[GenerateSerializer, Alias("commune.faults.StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    public const int DefaultRetryAfterSeconds = 2;

    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What the caller should wait before retrying.</summary>
    [Id(0)]
    public int RetryAfterSeconds { get; init; } = DefaultRetryAfterSeconds;

    /// <summary>The storage operation that failed: read, write or clear.</summary>
    [Id(1)]
    public string? Operation { get; init; }

    /// <summary>The kind of object whose state it was (the grain type), never its content.</summary>
    [Id(2)]
    public string? ObjectKind { get; init; }

    /// <summary>The object's key (the grain id).</summary>
    [Id(3)]
    public string? ObjectId { get; init; }
}
