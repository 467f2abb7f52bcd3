using System.Text.Json;
using Commune.Gateway.Validation;
using Commune.GitHub;
using Commune.Grains.GitHub;
using Microsoft.Extensions.Options;

namespace Commune.Gateway.Endpoints.GitHub;

/// <summary>
/// <c>POST /v1/webhooks/github</c>. Mapped outside the API-key group: GitHub cannot send a gateway key, and the HMAC signature over the raw
/// body is its authentication. Checks run before anything is recorded: secret configured (503), size (413), signature (401), headers and
/// JSON (400). An accepted delivery is noted in the ledger and handed to a one-way processor, so GitHub gets 202 at once.
/// </summary>
public static partial class GitHubWebhookEndpoint
{
    public const string Route = "/v1/webhooks/github";
    private const int MaxDeliveryIdLength = 100;

    public static IEndpointRouteBuilder MapGitHubWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, ReceiveAsync)
            .WithTags("GitHub")
            .WithName("GitHubWebhook")
            .WithSummary("GitHub webhook receiver (X-Hub-Signature-256, X-GitHub-Event, X-GitHub-Delivery): PR events go to their sessions.")
            .AllowAnonymous()
            // The signature comes first: an unsigned caller learns nothing from how its body would have been judged.
            .ReadsRawBody();
        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext context, IGrainFactory grains, IOptionsMonitor<GitHubOptions> options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Commune.Gateway.GitHubWebhook");
        var o = options.CurrentValue;
        if (string.IsNullOrEmpty(o.WebhookSecret))
        {
            return Problem(503, "Webhooks disabled", "webhooks disabled: set GitHub:WebhookSecret (unsigned deliveries are never accepted).", "webhooks_disabled");
        }

        var body = await ReadBodyAsync(context.Request, o.MaxPayloadBytes);
        if (body is null)
        {
            return Problem(413, "Payload too large", $"The payload is larger than GitHub:MaxPayloadBytes ({o.MaxPayloadBytes} bytes).", "payload_too_large");
        }

        var headers = context.Request.Headers;
        if (!WebhookSignature.IsValid(o.WebhookSecret, body, headers[WebhookSignature.Header].ToString() is { Length: > 0 } s ? s : null))
        {
            LogRejected(logger, headers["X-GitHub-Delivery"].ToString());
            return Problem(401, "Invalid signature",
                "X-Hub-Signature-256 is missing or is not sha256=<hex HMAC-SHA256 of the body with the webhook secret>.", "invalid_signature");
        }

        var eventName = headers["X-GitHub-Event"].ToString();
        if (eventName.Length == 0)
        {
            return Problem(400, "Missing event", "The X-GitHub-Event header is required.", "missing_event");
        }

        if (eventName == "ping")
        {
            return Results.Ok(new WebhookReply("pong", Blank(headers["X-GitHub-Delivery"].ToString()), "ping", [], null));
        }

        var deliveryId = headers["X-GitHub-Delivery"].ToString();
        if (deliveryId.Length is 0 or > MaxDeliveryIdLength || deliveryId.Any(char.IsControl))
        {
            return Problem(400, "Missing delivery id", $"The X-GitHub-Delivery header is required (at most {MaxDeliveryIdLength} printable characters).", "missing_delivery");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return Problem(400, "Invalid payload", "The payload is not valid JSON: " + ex.Message, "invalid_json");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Problem(400, "Invalid payload", "The payload must be a JSON object.", "invalid_json");
            }

            bool ignoredSender;
            GitHubPayload.Result read;
            try
            {
                ignoredSender = GitHubPayload.IsIgnoredSender(root, o.BotLogin, o.IgnoredSenders);
                read = GitHubPayload.Read(eventName, deliveryId, root, DateTimeOffset.UtcNow);
            }
            catch (InvalidOperationException ex)
            {
                // JsonDocument.Parse does not validate string contents: a lone surrogate escape or invalid UTF-8 only throws when read.
                return Problem(400, "Invalid payload", "The payload holds a string that is not valid UTF-8 or UTF-16: " + ex.Message, "invalid_json");
            }

            if (ignoredSender)
            {
                LogIgnored(logger, deliveryId, eventName, "sent by the app's own bot or an ignored sender");
                return Results.Accepted(value: new WebhookReply("ignored", deliveryId, eventName, [], "sent by the app's own bot or an ignored sender"));
            }

            if (read.Invalid is { } invalid)
            {
                return Problem(400, "Invalid payload", invalid, "invalid_payload");
            }

            if (read.Ignored is { } reason)
            {
                LogIgnored(logger, deliveryId, eventName, reason);
                return Results.Accepted(value: new WebhookReply("ignored", deliveryId, eventName, [], reason));
            }

            var e = read.Event!;
            var receipt = await grains.GetGrain<IGitHubDeliveryGrain>(DeliveryShards.Of(deliveryId)).ReceiveAsync(deliveryId, e.Name);
            if (receipt.Duplicate)
            {
                return Results.Ok(new WebhookReply("duplicate", deliveryId, e.Name, [], "this delivery was already processed"));
            }

            await grains.GetGrain<IGitHubWebhookGrain>(0).ProcessAsync(e);
            var sessions = e.Targets.Select(t => new PullRequestRef(e.Owner, e.Repo, t.Number).Key).ToArray();
            return Results.Accepted(value: new WebhookReply("accepted", deliveryId, e.Name, sessions, sessions.Length == 0 ? "routed by head SHA" : null));
        }
    }

    /// <summary>The raw body (the signature is over these exact bytes), or null when it passes <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult Problem(int status, string title, string detail, string code) =>
        Results.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });

    private static string? Blank(string value) => value.Length == 0 ? null : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub webhook delivery {DeliveryId} rejected: bad or missing signature")]
    private static partial void LogRejected(ILogger logger, string deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub webhook delivery {DeliveryId} ({Event}) ignored: {Reason}")]
    private static partial void LogIgnored(ILogger logger, string deliveryId, string @event, string reason);
}
