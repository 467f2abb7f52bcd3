using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Tests.Infrastructure;

/// <summary>A real HTTP server on a loopback port that records every JSON body POSTed to it: an alert webhook for tests.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<JsonElement> _received = [];

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary><c>http://127.0.0.1:{port}/alerts</c>.</summary>
    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<JsonElement> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.Url = new Uri(address.TrimEnd('/') + "/alerts");
        return receiver;
    }

    /// <summary>Polls until a received body satisfies <paramref name="condition"/>, failing with everything received at the deadline.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Received.FirstOrDefault(condition) is { ValueKind: not JsonValueKind.Undefined } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"No {what} reached the webhook within {timeout}; received: [{string.Join(", ", Received)}]");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        lock (_gate)
        {
            _received.Add(body.RootElement.Clone());
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }
}
