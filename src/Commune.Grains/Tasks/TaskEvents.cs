using System.Buffers;
using System.Text;
using System.Text.Json;
using Commune.Events;
using Commune.Tasks;

namespace Commune.Grains.Tasks;

/// <summary>
/// A task's audit entries: kind <c>task.created</c> or <c>task.</c> + the new status, and as data the fields a transition changes
/// (status, holder, epoch, lease, attempts), plus what the task was created with on <c>task.created</c> and its outcome once finished.
/// Every entry carries the same transition fields, so folding them rebuilds the task's status, holder and epoch at any event.
/// </summary>
public static class TaskEvents
{
    public const string Created = "task.created";

    public static string KindOf(WorkStatus status) => "task." + status.Name();

    /// <summary>
    /// The entry for the task's state after a write. <paramref name="actor"/> is whom it concerns: the holder, or the agent that just
    /// lost the claim (release, expiry, failure); the data's <c>agent_id</c> is the holder after the change.
    /// </summary>
    public static AuditEntry Entry(string kind, string taskId, string? actor, TaskState state, DateTimeOffset at) =>
        new(kind, actor, taskId, null, null, Data(kind, state), at);

    private static string Data(string kind, TaskState s)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", s.Status.Name());
            json.WriteString("status_reason", s.StatusReason);
            json.WriteString("agent_id", s.AgentId);
            json.WriteNumber("epoch", s.Epoch);
            WriteTime(json, "lease_expires_at", s.LeaseExpiresAt);
            json.WriteNumber("attempts", s.Attempts.Count);
            json.WriteNumber("failed_attempts", s.FailedAttempts);
            json.WriteNumber("version", s.Version);
            json.WriteString("updated_at", s.UpdatedAt);
            if (kind == Created && s.Spec is { } spec)
            {
                json.WriteString("title", spec.Title);
                json.WriteString("priority", spec.Priority.Name());
                WriteStrings(json, "tags", spec.Tags);
                WriteStrings(json, "depends_on", spec.DependsOn);
                json.WriteString("parent_id", spec.ParentId);
                json.WriteString("pipeline_id", spec.PipelineId);
                json.WriteString("created_by", spec.CreatedBy);
                json.WriteNumber("max_attempts", spec.MaxAttempts);
                json.WriteString("created_at", s.CreatedAt);
            }

            if (s.Status.IsTerminal())
            {
                WriteJsonOrString(json, "result", s.Result);
                json.WriteString("error", s.Error);
                WriteTime(json, "completed_at", s.CompletedAt);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteTime(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            json.WriteString(name, time);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    /// <summary>Results are JSON text (the API parses them); anything else is written as a string rather than corrupting the entry.</summary>
    private static void WriteJsonOrString(Utf8JsonWriter json, string name, string? text)
    {
        if (text is null)
        {
            json.WriteNull(name);
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            json.WritePropertyName(name);
            document.RootElement.WriteTo(json);
        }
        catch (JsonException)
        {
            json.WriteString(name, text);
        }
    }
}
