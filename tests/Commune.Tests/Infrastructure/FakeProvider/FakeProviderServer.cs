using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>
/// A fault-injecting model provider on a real loopback port, speaking OpenAI chat completions and Anthropic Messages
/// well enough for the official SDKs. Tests script per model what each request gets — an answer, an error with the
/// provider's real body, a reset connection or a broken stream — and read back every request it received.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    /// <summary>Listed by <c>GET /v1/models</c> besides the scripted models.</summary>
    public const string DefaultModel = "fake-model";

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<FakeReply>> _scripts = new(StringComparer.Ordinal);
    private readonly List<FakeRequest> _requests = [];
    private FakeReply _default = FakeReply.Ok();
    private Uri? _baseUrl;

    private FakeProviderServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary><c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUrl => _baseUrl ?? throw new InvalidOperationException("The fake provider has not started.");

    /// <summary><c>{BaseUrl}/v1</c>: the OpenAI SDK's endpoint (it appends <c>/chat/completions</c>, <c>/models</c>).</summary>
    public Uri OpenAiBaseUrl => new(BaseUrl, "/v1");

    /// <summary><c>{BaseUrl}</c>: the Anthropic SDK's base URL (it appends <c>/v1/messages</c>).</summary>
    public Uri AnthropicBaseUrl => BaseUrl;

    /// <summary>What unscripted requests get; initially <see cref="FakeReply.Ok"/>. Set a fault for an outage of every model.</summary>
    public FakeReply Default
    {
        get
        {
            lock (_gate)
            {
                return _default;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_gate)
            {
                _default = value;
            }
        }
    }

    /// <summary>Every request received, in arrival order (chat calls, model listings and unknown paths alike).</summary>
    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts the server on a free loopback port; it answers as soon as this returns.</summary>
    public static async Task<FakeProviderServer> StartAsync(CancellationToken ct = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        // Port 0: the OS picks a free port at bind time, so no other listener can take it in between.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeProviderServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.Single();
        server._baseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Queues replies for a model (the request's <c>model</c>); each request takes one, then <see cref="Default"/> answers.</summary>
    public void Script(string model, params FakeReply[] replies)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(replies);
        lock (_gate)
        {
            if (!_scripts.TryGetValue(model, out var queue))
            {
                _scripts[model] = queue = new Queue<FakeReply>();
            }

            foreach (var reply in replies)
            {
                queue.Enqueue(reply ?? throw new ArgumentException("A scripted reply is null.", nameof(replies)));
            }
        }
    }

    /// <summary>How many chat requests named <paramref name="model"/>.</summary>
    public int CountFor(string model) => RequestsFor(model).Count;

    /// <summary>The chat requests that named <paramref name="model"/>, in arrival order.</summary>
    public IReadOnlyList<FakeRequest> RequestsFor(string model)
    {
        lock (_gate)
        {
            return [.. _requests.Where(r => r.Model == model)];
        }
    }

    /// <summary>How many scripted replies are still queued for <paramref name="model"/>.</summary>
    public int Pending(string model)
    {
        lock (_gate)
        {
            return _scripts.TryGetValue(model, out var queue) ? queue.Count : 0;
        }
    }

    /// <summary>Forgets scripts and requests and restores the default answer, for a fixture shared between tests.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _scripts.Clear();
            _requests.Clear();
            _default = FakeReply.Ok();
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Ends delays and stalls still running, so stopping does not wait for them.
        await _stopping.CancelAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var ct = linked.Token;
        try
        {
            await ServeAsync(context, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client gave up (its timeout) or the server is stopping: nothing more to send.
            context.Abort();
        }
    }

    private async Task ServeAsync(HttpContext context, CancellationToken ct)
    {
        var request = context.Request;
        var path = NormalizePath(request.Path.Value);
        var dialect = path == "/v1/messages" || request.Headers.ContainsKey("anthropic-version")
            ? (IFakeDialect)AnthropicDialect.Instance
            : OpenAiDialect.Instance;

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(ct);
        var parsed = Parse(body);
        var call = parsed is { } json ? FakeCall.From(json) : new FakeCall("", false, false, false);
        Record(context, dialect, path, call, body);

        var isChat = HttpMethods.IsPost(request.Method) && path is "/v1/chat/completions" or "/v1/messages";
        if (isChat && (path == "/v1/messages") == (dialect == AnthropicDialect.Instance))
        {
            if (parsed is null)
            {
                await FakeReplyWriter.WriteAsync(context, dialect, call, FakeReply.Status(400, message: "The request body is not valid JSON."), ct);
                return;
            }

            await FakeReplyWriter.WriteAsync(context, dialect, call, Next(call.Model), ct);
            return;
        }

        if (HttpMethods.IsGet(request.Method) && path == "/v1/models")
        {
            dialect.AddHeaders(context.Response);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(dialect.Models(Models()), ct);
            return;
        }

        await FakeReplyWriter.WriteAsync(context, dialect, call, FakeReply.Status(404, message: "Unknown request URL: " + request.Method + " " + path), ct);
    }

    private FakeReply Next(string model)
    {
        lock (_gate)
        {
            return _scripts.TryGetValue(model, out var queue) && queue.TryDequeue(out var reply) ? reply : _default;
        }
    }

    private List<string> Models()
    {
        lock (_gate)
        {
            return [DefaultModel, .. _scripts.Keys.Where(m => m != DefaultModel).Order(StringComparer.Ordinal)];
        }
    }

    private void Record(HttpContext context, IFakeDialect dialect, string path, FakeCall call, string body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        var recorded = new FakeRequest(
            dialect.Protocol,
            context.Request.Method,
            path,
            call.Model,
            call.Stream,
            body,
            headers.GetValueOrDefault("Authorization"),
            headers.GetValueOrDefault("x-api-key"),
            headers,
            DateTimeOffset.UtcNow);
        lock (_gate)
        {
            _requests.Add(recorded);
        }
    }

    private static JsonElement? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Tolerates the doubled or trailing slashes a base URL with or without a trailing slash can produce.</summary>
    private static string NormalizePath(string? path)
    {
        var normalized = string.Join('/', (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries));
        return "/" + normalized;
    }
}
