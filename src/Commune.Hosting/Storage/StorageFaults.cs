using System.Data.Common;
using System.Net.Sockets;
using Commune.Faults;
using Npgsql;
using Orleans.Storage;

namespace Commune.Hosting.Storage;

/// <summary>How a storage or database failure is recognised and described before it becomes a <see cref="StorageUnavailableException"/>.</summary>
public static class StorageFaults
{
    /// <summary>
    /// True when the failure is the database's or the connection's (anywhere in the chain), not the program's: those are the ones a
    /// caller can sensibly retry, and the ones whose exception types cannot be sent to a gateway.
    /// </summary>
    public static bool IsDatabaseFault(Exception exception) =>
        Chain(exception).Any(e => e is DbException or SocketException or InconsistentStateException);

    /// <summary>
    /// The fault that replaces <paramref name="exception"/>: what failed and why, without the provider's types or stack. The operation
    /// is read, write or clear, or null when the failure came from a call the grain made to the database itself.
    /// </summary>
    public static StorageUnavailableException Translate(Exception exception, string? operation, GrainId grain)
    {
        var what = $"{grain.Type} '{grain.Key}'";
        var failed = operation is null ? $"A database call failed while serving {what}" : $"Storage could not {operation} the state of {what}";
        return new StorageUnavailableException($"{failed}: {Reason(exception)}. Nothing was changed; retry shortly.")
        {
            Operation = operation,
            ObjectKind = grain.Type.ToString(),
            ObjectId = grain.Key.ToString(),
        };
    }

    /// <summary>The most telling line of the failure: PostgreSQL's own error when there is one, else the innermost message.</summary>
    public static string Reason(Exception exception)
    {
        var chain = Chain(exception).ToList();
        if (chain.OfType<PostgresException>().FirstOrDefault() is { } postgres)
        {
            return $"PostgreSQL {postgres.SqlState}: {postgres.MessageText}";
        }

        if (chain.OfType<InconsistentStateException>().FirstOrDefault() is not null)
        {
            return "another activation wrote it first (the stored version moved on)";
        }

        var innermost = chain[^1];
        return innermost is NpgsqlException or SocketException or TimeoutException
            ? innermost.Message
            : $"{innermost.GetType().Name}: {innermost.Message}";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        var seen = 0;
        for (var e = exception; e is not null && seen < 20; e = e.InnerException, seen++)
        {
            yield return e;
            if (e is AggregateException { InnerExceptions.Count: > 1 } aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Skip(1))
                {
                    yield return inner;
                }
            }
        }
    }
}
