using System.Net.Http.Json;
using System.Text.Json;
using Commune.Grains.Monitoring;
using Commune.Monitoring;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commune.Hosting.Monitoring;

/// <summary>
/// POSTs queued alerts to <c>Monitor:AlertWebhook</c> as snake_case JSON, one at a time in order, each within
/// <c>Monitor:WebhookTimeout</c>. A failure or timeout is logged and the alert dropped (it stays at <c>/v1/monitor/alerts</c>); nothing
/// here can hold up the monitor grain.
/// </summary>
public sealed partial class AlertWebhookSender(
    AlertOutbox outbox,
    IHttpClientFactory clients,
    IOptions<MonitorOptions> options,
    ILogger<AlertWebhookSender> logger) : BackgroundService
{
    public const string ClientName = "commune-alert-webhook";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var alert in outbox.Reader.ReadAllAsync(stoppingToken))
        {
            if (options.Value.AlertWebhook is not { } url)
            {
                continue;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(options.Value.WebhookTimeout);
            try
            {
                using var response = await clients.CreateClient(ClientName).PostAsJsonAsync(url, alert, Json, timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    LogRefused(alert.Id, alert.Check, url.GetLeftPart(UriPartial.Path), (int)response.StatusCode);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
            {
                LogFailed(alert.Id, alert.Check, url.GetLeftPart(UriPartial.Path), ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert webhook {Url} answered {StatusCode} to alert {AlertId} ({Check})")]
    private partial void LogRefused(string alertId, string check, string url, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} ({Check}) could not be posted to {Url}: {Reason}")]
    private partial void LogFailed(string alertId, string check, string url, string reason);
}
