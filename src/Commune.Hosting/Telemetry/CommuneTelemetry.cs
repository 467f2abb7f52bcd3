using Commune.Grains.Events;
using Commune.Grains.Messages;
using Commune.Grains.Models;
using Commune.Hosting.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Commune.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for silos and gateways: Orleans' and Commune's activity sources (one span per model-call attempt) and meters, plus
/// ASP.NET Core and HttpClient instrumentation. Exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; otherwise the
/// data stays in process (the Orleans dashboard shows grain-level numbers either way).
/// </summary>
public static class CommuneTelemetry
{
    public static IServiceCollection AddCommuneTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(ChainExecutor.Telemetry.Name, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ModelMetrics.MeterName, EventMetrics.MeterName, MessageMetrics.MeterName, MonitorMetrics.MeterName, "Microsoft.Orleans")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }
}
