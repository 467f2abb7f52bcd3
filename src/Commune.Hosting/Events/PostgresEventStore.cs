using System.Text;
using Commune.Events;
using Commune.Grains.Events;
using Npgsql;
using NpgsqlTypes;

namespace Commune.Hosting.Events;

/// <summary>
/// The clustered event store: <c>commune_events</c> (<c>infra/sql/005_commune_events.sql</c>). A batch is one multi-row insert
/// (<c>unnest</c> of arrays) under an advisory transaction lock, so ids commit in id order across silos and paging by id is exact.
/// Connections come from the same Npgsql pool as Orleans' storage, membership and reminders (one pool per connection string), so a
/// silo never holds more than its <c>Maximum Pool Size</c>.
/// </summary>
public sealed class PostgresEventStore(string connectionString) : IEventStore
{
    // Arbitrary constant of the event writers, distinct from the migrator's: "cmevents" in ASCII.
    private const long WriteLockKey = 0x636d6576656e7473;

    private const string Insert = """
        INSERT INTO commune_events (at, kind, agent_id, task_id, message_id, trace_id, data)
        SELECT at, kind, agent_id, task_id, message_id, trace_id, data::jsonb
          FROM unnest(@at, @kind, @agent_id, @task_id, @message_id, @trace_id, @data)
               AS e(at, kind, agent_id, task_id, message_id, trace_id, data)
        """;

    public async Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({WriteLockKey})"));
        var insert = new NpgsqlBatchCommand(Insert);
        insert.Parameters.Add(Array("at", NpgsqlDbType.TimestampTz, entries.Select(e => e.At.UtcDateTime).ToArray()));
        insert.Parameters.Add(Array("kind", NpgsqlDbType.Text, entries.Select(e => e.Kind).ToArray()));
        insert.Parameters.Add(Array("agent_id", NpgsqlDbType.Text, entries.Select(e => e.AgentId).ToArray()));
        insert.Parameters.Add(Array("task_id", NpgsqlDbType.Text, entries.Select(e => e.TaskId).ToArray()));
        insert.Parameters.Add(Array("message_id", NpgsqlDbType.Text, entries.Select(e => e.MessageId).ToArray()));
        insert.Parameters.Add(Array("trace_id", NpgsqlDbType.Text, entries.Select(e => e.TraceId).ToArray()));
        insert.Parameters.Add(Array("data", NpgsqlDbType.Text, entries.Select(e => e.Data).ToArray()));
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Only the filters given appear in the statement, so each subject's partial index is usable.
        var sql = new StringBuilder("SELECT id, at, kind, agent_id, task_id, message_id, trace_id, data::text FROM commune_events WHERE id > @after");
        command.Parameters.AddWithValue("after", query.After);
        Filter(command, sql, "id <=", "up_to", query.UpTo);
        Filter(command, sql, "agent_id =", "agent_id", query.AgentId);
        Filter(command, sql, "task_id =", "task_id", query.TaskId);
        Filter(command, sql, "trace_id =", "trace_id", query.TraceId);
        Filter(command, sql, "kind =", "kind", query.Kind);
        if (query.KindPrefix is { } prefix)
        {
            sql.Append(" AND starts_with(kind, @kind_prefix)");
            command.Parameters.AddWithValue("kind_prefix", prefix);
        }
        sql.Append(" ORDER BY id LIMIT @limit");
        command.Parameters.AddWithValue("limit", query.Limit);
        command.CommandText = sql.ToString();

        var events = new List<AuditEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new AuditEvent(
                reader.GetInt64(0),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return events;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType elementType, T[] values) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values };

    private static void Filter<T>(NpgsqlCommand command, StringBuilder sql, string condition, string name, T? value)
    {
        if (value is not null)
        {
            sql.Append(" AND ").Append(condition).Append(" @").Append(name);
            command.Parameters.AddWithValue(name, value);
        }
    }
}
