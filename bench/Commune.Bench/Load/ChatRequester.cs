using System.Buffers;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Commune.Bench.Load;

/// <summary>
/// Sends the benchmark's one request through one shared <see cref="HttpClient"/> (pooled HTTP/1.1 keep-alive connections)
/// and reads each answer to its end. A success is a 2xx whose body looks like a completion: it names <c>choices</c>, or for
/// a stream, ends its events with <c>[DONE]</c>.
/// </summary>
internal sealed class ChatRequester : IDisposable
{
    private const int MaxBodyBytes = 1 << 20;
    private readonly HttpClient _client;
    private readonly Uri _url;
    private readonly byte[] _body;
    private readonly byte[] _successMarker;

    public ChatRequester(TargetOptions target, int maxConnections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _client = new HttpClient(handler)
        {
            Timeout = target.Timeout,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        foreach (var (name, value) in target.Headers)
        {
            if (!_client.DefaultRequestHeaders.TryAddWithoutValidation(name, value))
            {
                throw new Cli.UsageException($"--header {name} cannot be set on a request");
            }
        }

        _url = target.Url;
        _body = Body(target.Model, target.Stream, target.Tools);

        // A tool row succeeds only on a tool-call answer, so a gateway that dropped the tools cannot pass for one that carried them.
        _successMarker = target.Tools ? "\"finish_reason\":\"tool_calls\""u8.ToArray()
            : target.Stream ? "data: [DONE]"u8.ToArray() : "\"choices\""u8.ToArray();
    }

    /// <summary>The request body: the same small chat request for every target; tool rows add two tools and require a call.</summary>
    public static byte[] Body(string model, bool stream, bool tools = false)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteStartArray("messages");
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteString("content", "ping");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteNumber("max_tokens", 16);
            if (tools)
            {
                WriteTools(json);
            }

            if (stream)
            {
                json.WriteBoolean("stream", true);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteTools(Utf8JsonWriter json)
    {
        json.WriteStartArray("tools");
        foreach (var (name, description) in new[] { ("get_weather", "The weather in a city."), ("get_time", "The local time in a city.") })
        {
            json.WriteStartObject();
            json.WriteString("type", "function");
            json.WriteStartObject("function");
            json.WriteString("name", name);
            json.WriteString("description", description);
            json.WritePropertyName("parameters");
            json.WriteRawValue("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}""");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("tool_choice", "required");
    }

    public async Task<RequestOutcome> SendAsync(CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content };
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            // ResponseContentRead: the client's timeout covers the whole body, not only the headers.
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length >= MaxBodyBytes)
                    {
                        return new((int)response.StatusCode, false, $"body longer than {MaxBodyBytes} bytes");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            var status = (int)response.StatusCode;
            var body = buffer.AsSpan(0, length);
            if (!response.IsSuccessStatusCode)
            {
                return new(status, false, $"HTTP {status}: {Preview(body)}");
            }

            return body.IndexOf(_successMarker) >= 0
                ? new(status, true, null)
                : new(status, false, $"HTTP {status} without {Encoding.UTF8.GetString(_successMarker)}: {Preview(body)}");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return new(0, false, $"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _client.Dispose();

    private static string Preview(ReadOnlySpan<byte> body) =>
        Encoding.UTF8.GetString(body[..Math.Min(body.Length, 300)]).ReplaceLineEndings(" ");
}
