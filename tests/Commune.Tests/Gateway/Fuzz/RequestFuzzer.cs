using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Commune.Tests.Gateway.Fuzz;

/// <summary>A documented operation: its method, its path template and the parameters the OpenAPI document declares.</summary>
public sealed record FuzzRoute(string Method, string Template, IReadOnlyList<string> PathParameters, IReadOnlyList<string> QueryParameters)
{
    public string Name => $"{Method} {Template}";

    /// <summary>Every operation of an OpenAPI document, in document order.</summary>
    public static IReadOnlyList<FuzzRoute> From(JsonElement openApi) =>
    [
        .. from path in openApi.GetProperty("paths").EnumerateObject()
           from operation in path.Value.EnumerateObject()
           let parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : []
           select new FuzzRoute(
               operation.Name.ToUpperInvariant(),
               path.Name,
               [.. parameters.Where(x => x.GetProperty("in").GetString() == "path").Select(x => x.GetProperty("name").GetString()!)],
               [.. parameters.Where(x => x.GetProperty("in").GetString() == "query").Select(x => x.GetProperty("name").GetString()!)]),
    ];
}

/// <summary>One generated request; <see cref="Body"/> is raw bytes, so it can hold what no serializer would write.</summary>
public sealed record FuzzRequest(FuzzRoute Route, string Method, string PathAndQuery, string? ContentType, byte[]? Body)
{
    public override string ToString()
    {
        var body = Body is null ? "" : " " + Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300));
        return $"{Method} {PathAndQuery} [{ContentType ?? "no content type"}]{body}";
    }
}

/// <summary>
/// Generates requests from a fixed seed: ids, query values and bodies drawn from the shapes that broke the gateway before (blank
/// and control-character ids, percent-encoded surrogates and bytes that are not UTF-8, lone surrogate escapes, deep nesting, huge
/// numbers, wrong types, nulls, charsets and content types) mixed with plausible values, so requests also reach the endpoints' logic.
/// </summary>
public sealed partial class RequestFuzzer(int seed)
{
    /// <summary>Stands for bytes that are not UTF-8 inside a generated JSON string; replaced when the body is encoded.</summary>
    private const string BadUtf8 = "@@not-utf8@@";

    private static readonly string[] PathValues =
    [
        "fuzz-a", "fuzz-b", "fuzz-c", "1", "0", "-1", "%20", "%20%20", "%0A", "%09", "%00", "%7F", "%C3%A9", "%ED%A0%80", "%ED%B0%80",
        "%FF", "%C3", "%C3%28", "%F0%9F%98%80", "%EF%BF%BF", "a%2Fb", "x,1", "127.0.0.1:1@1", "null", "true", "*", "%25", "a%20b",
        "99999999999999999999", new string('a', 300), "github", "key", "session",
    ];

    private static readonly string[] QueryValues =
    [
        "", "0", "1", "-1", "2", "1001", "abc", "%20", "%00", "%0A", "%C3%A9", "%ED%A0%80", "%FF", "%C3", "pending", "completed", "worker",
        "idle", "true", "99999999999999999999", "1e400", "NaN", "%F0%9F%98%80", "a,b,,c", "fuzz-a", "fuzz-b", "Task.Claimed", "*",
        "00000000000000000000000000000000", "4bf92f3577b34da6a3ce929d0e0e4736", "1h", "-00:00:01", "7.00:00:00", new string('q', 2000),
    ];

    private static readonly string[] Strings =
    [
        "", " ", "fuzz-a", "fuzz-b", "fuzz-c", "fuzz-role", "direct", "broadcast", "topic", "task_claim", "idle", "working", "offline",
        "pending", "high", "low", "approve", "request_changes", "mi", "tdmi", "te", "pid_synergy", "plugin", "miller_madow", "imin", "shuffle",
        "user", "system", "assistant", "tool", "text", "é", "😀", "\n", "\u007f", "\uffff", "\u0000", "a/b", "fuzz-model-x", "1h",
        "null", "-1", "key", "session", "task",
    ];

    private static readonly string[] Poison = ["\\ud800", "\\udc00", "x\\ud800y", "\\udbff\\udbff", "\\udc00\\ud800", "\\ud800\\n"];

    private static readonly string[] Fields =
    [
        "id", "title", "description", "priority", "tags", "depends_on", "parent_id", "complexity", "required_capability", "role",
        "max_attempts", "done_checks", "input", "created_by", "tasks", "stages", "name", "profile", "capabilities", "max_concurrent_tasks",
        "subscriptions", "status", "task", "reason", "ids", "topic", "from", "type", "payload", "to_agent", "to_role", "to_capability",
        "routing", "in_reply_to", "model", "messages", "max_tokens", "max_completion_tokens", "temperature", "stream", "stream_options",
        "user", "x", "y", "lag", "estimator", "bins", "tolerance", "sources", "target", "redundancy", "measure", "history", "permutations",
        "null", "seed", "agents", "threshold", "agent_id", "epoch", "lease_seconds", "result", "error", "notes", "progress", "checkpoint",
        "verdict", "issues", "subtask_id", "by", "question", "options", "choice", "voter", "ballot", "limits", "prompt", "count", "agent",
        "label", "team", "window", "schema", "version", "content", "kind", "limit", "usd", "tokens", "voters", "deadline_seconds",
        "required_ratio", "rationale", "ttl_seconds", "token_limit", "cost_limit_usd", "min", "max", "approved", "observations", "action",
        "outcome", "step", "at", "required_fields",
    ];

    private readonly Random _random = new(seed);

    public FuzzRequest Next(FuzzRoute route)
    {
        var path = route.Template;
        foreach (var parameter in route.PathParameters)
        {
            path = path.Replace("{" + parameter + "}", Pick(PathValues), StringComparison.Ordinal);
        }

        var query = new List<string>();
        foreach (var parameter in route.QueryParameters.Where(_ => Chance(0.5)))
        {
            query.Add($"{parameter}={Pick(QueryValues)}");
        }

        if (Chance(0.1))
        {
            query.Add($"{Pick(["zzz", "%ED%A0%80", "%FF", "a%20b"])}={Pick(QueryValues)}");
        }

        var pathAndQuery = query.Count == 0 ? path : path + "?" + string.Join('&', query);
        var sendsBody = route.Method is "POST" or "PUT" or "PATCH" ? Chance(0.95) : Chance(0.1);
        var method = Chance(0.03) ? Pick(["GET", "POST", "PUT", "DELETE", "PATCH"]) : route.Method;
        return sendsBody ? new FuzzRequest(route, method, pathAndQuery, ContentType(), Body(route)) : new FuzzRequest(route, method, pathAndQuery, null, null);
    }

    private string? ContentType() => _random.Next(100) switch
    {
        < 70 => "application/json",
        < 76 => "application/json; charset=bogus",
        < 79 => "application/json; charset=utf-16",
        < 82 => "application/json; charset=\"utf-8\"",
        < 85 => "text/plain",
        < 88 => "application/x-www-form-urlencoded",
        < 91 => "application/merge-patch+json",
        < 94 => "application/json; charset",
        _ => null,
    };

    private byte[] Body(FuzzRoute route)
    {
        var text = _random.Next(100) switch
        {
            < 25 when Plausible(route, poison: Chance(0.3)) is { } plausible => plausible,
            < 40 => Object(depth: 0, poison: false),
            < 52 => Object(depth: 0, poison: true),
            < 58 => Object(depth: 0, poison: false).Replace("\"fuzz-a\"", $"\"{BadUtf8}\"", StringComparison.Ordinal) + (Chance(0.5) ? "" : $"{{\"x\": \"{BadUtf8}\"}}"),
            < 64 => Nested(_random.Next(55, 300)),
            < 70 => Pick(["[]", "null", "\"text\"", "1", "true", "[null]", "[{}]", "{\"a\": null}", "-0", "1e400"]),
            < 77 => Pick(["", "{", "}", "{\"a\":}", "{\"a\" 1}", "{'a': 1}", "{\"a\": 1,}", "nul", "{\"a\": \"unterminated", "\u00ef\u00bb\u00bf{}", "{\"a\": 01}"]),
            < 82 => $"{{\"{Pick(Fields)}\": \"{new string('z', _random.Next(5_000, 40_000))}\"}}",
            _ => Object(depth: 0, poison: Chance(0.2)),
        };

        var bytes = Encoding.UTF8.GetBytes(text);
        if (!text.Contains(BadUtf8, StringComparison.Ordinal))
        {
            return bytes;
        }

        var marker = Encoding.UTF8.GetBytes(BadUtf8);
        var bad = Pick<byte[]>([[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xC3]]);
        var output = new List<byte>(bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes.AsSpan(i).StartsWith(marker))
            {
                output.AddRange(bad);
                i += marker.Length - 1;
            }
            else
            {
                output.Add(bytes[i]);
            }
        }

        return [.. output];
    }

    private string Object(int depth, bool poison)
    {
        var members = Enumerable.Range(0, _random.Next(0, 7))
            .Select(_ => Pick(Fields))
            .Distinct()
            .Select(name => $"{Quote(name)}: {Value(name, depth + 1, poison)}");
        return "{" + string.Join(", ", members) + "}";
    }

    private string Value(string field, int depth, bool poison)
    {
        if (poison && Chance(0.3))
        {
            return $"\"{Pick(Poison)}\"";
        }

        if (Chance(0.35))
        {
            return Any(depth, poison);
        }

        return field switch
        {
            "messages" => Pick(["[null]", "[]", "null", $"[{{\"role\": {Quote(Pick(Strings))}, \"content\": {Any(depth + 1, poison)}}}]",
                "[{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": null}]}]", "[{\"role\": \"user\"}]"]),
            "x" or "y" or "target" => Series(),
            "sources" => $"[{Series()}, {Series()}]",
            "tasks" or "stages" or "done_checks" => $"[{Object(depth + 1, poison)}, {Pick(["null", Object(depth + 1, poison), "1"])}]",
            "input" or "result" or "payload" or "checkpoint" or "limits" or "agents" or "stream_options" or "options" => Object(depth + 1, poison),
            "tags" or "depends_on" or "capabilities" or "subscriptions" or "ids" or "issues" =>
                $"[{string.Join(", ", Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Quote(Pick(Strings))))}]",
            "epoch" or "lag" or "bins" or "permutations" or "seed" or "max_tokens" or "max_attempts" or "max_concurrent_tasks" or "history"
                or "lease_seconds" or "count" or "limit" or "tokens" or "version" => Number(),
            "temperature" or "threshold" or "tolerance" or "progress" or "usd" => Pick(["0.5", "-1", "2.5", "1e400", "0", "NaN"]),
            "stream" => Pick(["true", "false", "\"true\""]),
            _ => Quote(Pick(Strings)),
        };
    }

    private string Any(int depth, bool poison) => _random.Next(depth > 4 ? 6 : 8) switch
    {
        0 => "null",
        1 => Pick(["true", "false"]),
        2 => Number(),
        3 or 4 => poison && Chance(0.5) ? $"\"{Pick(Poison)}\"" : Quote(Pick(Strings)),
        5 => Quote(new string('w', _random.Next(0, 300))),
        6 => $"[{Any(depth + 1, poison)}, {Any(depth + 1, poison)}]",
        _ => Object(depth + 1, poison),
    };

    private string Series() => _random.Next(5) switch
    {
        0 => $"[{string.Join(", ", Enumerable.Range(0, _random.Next(0, 12)).Select(_ => Quote(Pick(["a", "b", "c", "é"]))))}]",
        1 => $"[{string.Join(", ", Enumerable.Range(0, _random.Next(0, 12)).Select(_ => _random.Next(-3, 4).ToString(CultureInfo.InvariantCulture)))}]",
        2 => $"[1, \"a\", {Number()}]",
        3 => $"[{Number()}, {Number()}, 0.5]",
        _ => Pick(["[]", "null", "\"abc\"", "[[1]]"]),
    };

    private string Number() => Pick(["0", "1", "-1", "3", "200", "2147483648", "-2147483649", "1e400", "-1e400", "1.5", "123456789012345678901234567890", "1e-400", "9007199254740993"]);

    private string Nested(int depth)
    {
        var open = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            open.Append(Chance(0.5) ? "[" : "{\"input\": ");
        }

        var close = new StringBuilder();
        foreach (var c in open.ToString().Where(c => c is '[' or '{').Reverse())
        {
            close.Append(c == '[' ? ']' : '}');
        }

        return open + "1" + close;
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
