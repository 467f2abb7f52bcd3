using Npgsql;

namespace Commune.Tests.Infrastructure;

/// <summary>Direct reads of what the providers wrote, to check the database itself rather than the cluster's view of it.</summary>
public static class PostgresQueries
{
    /// <summary>Orleans' SiloStatus values as stored in OrleansMembershipTable.Status.</summary>
    public const int Active = 3;
    public const int Dead = 6;

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The membership status of the newest generation of the silo on this port.</summary>
    public static Task<int> SiloStatusAsync(string connectionString, int siloPort) => ScalarAsync<int>(connectionString,
        "SELECT Status FROM OrleansMembershipTable WHERE Port = @port ORDER BY Generation DESC LIMIT 1", ("port", siloPort));

    /// <summary>Polls until the silo's membership row has the status, or fails with what it last saw.</summary>
    public static async Task WaitForSiloStatusAsync(string connectionString, int siloPort, int status, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = -1;
        while (DateTime.UtcNow < deadline)
        {
            last = await SiloStatusAsync(connectionString, siloPort);
            if (last == status)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Silo on port {siloPort} still has membership status {last}, expected {status}, after {timeout}.");
    }
}
