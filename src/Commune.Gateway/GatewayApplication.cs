using System.Text.Json;
using Commune.Gateway.Endpoints;
using Commune.Gateway.Endpoints.Agents;
using Commune.Gateway.Endpoints.Analytics;
using Commune.Gateway.Endpoints.Anthropic;
using Commune.Gateway.Endpoints.Budgets;
using Commune.Gateway.Endpoints.Chat;
using Commune.Gateway.Endpoints.Coordination;
using Commune.Gateway.Endpoints.Events;
using Commune.Gateway.Endpoints.GitHub;
using Commune.Gateway.Endpoints.Messages;
using Commune.Gateway.Endpoints.Models;
using Commune.Gateway.Endpoints.Monitoring;
using Commune.Gateway.Endpoints.Sessions;
using Commune.Gateway.Endpoints.Responses;
using Commune.Gateway.Endpoints.Reviews;
using Commune.Gateway.Endpoints.Supervision;
using Commune.Gateway.Endpoints.Tasks;
using Commune.Gateway.Endpoints.Votes;
using Commune.Gateway.Errors;
using Commune.Gateway.Health;
using Commune.Gateway.Security;
using Commune.Gateway.Validation;
using Commune.Hosting;
using Commune.Hosting.Database;
using Commune.Hosting.GitHub;
using Commune.Hosting.Monitoring;
using Commune.Hosting.Orleans;
using Commune.Hosting.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Orleans.Dashboard;

namespace Commune.Gateway;

/// <summary>
/// Builds the gateway. Without <c>ConnectionStrings:Commune</c> it also hosts the silo (embedded mode); with it, it is an
/// Orleans client of the PostgreSQL cluster.
/// </summary>
public static class GatewayApplication
{
    // configureServices has the last word on the services: tests replace outputs such as GitHub's with recording ones.
    public static async Task<WebApplication> BuildAsync(
        string[] args, CancellationToken cancellationToken = default, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var deployment = CommuneDeployment.From(builder.Configuration);

        var listen = ListenAddresses.From(builder.Configuration);
        if (listen.IsDefault)
        {
            builder.WebHost.UseUrls(ListenAddresses.DefaultUrl);
        }

        var gatewayOptions = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new();
        var keys = ApiKeySet.From(gatewayOptions);
        if (keys.Count == 0 && listen.NonLoopback.Count > 0)
        {
            throw new GatewayConfigurationException(
                $"Refusing to listen on {string.Join(", ", listen.NonLoopback)} without API keys. Set at least one key in " +
                "Gateway:ApiKeys (e.g. Gateway__ApiKeys__0=<a random key of 16+ characters>) or listen on loopback only.");
        }

        if (gatewayOptions.MaxRequestBodyBytes <= 0)
        {
            throw new GatewayConfigurationException(
                $"Gateway:MaxRequestBodyBytes must be a positive number of bytes, not {gatewayOptions.MaxRequestBodyBytes}.");
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = gatewayOptions.MaxRequestBodyBytes);

        if (deployment.Mode == DeploymentMode.Clustered)
        {
            await SchemaStatus.EnsureReadyAsync(deployment.RequiredConnectionString, cancellationToken);
            builder.UseOrleansClient(client => client.AddCommuneClient(builder.Configuration, deployment));

            // Kestrel answers (ready says no) while the client is still waiting for a silo.
            builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        }
        else
        {
            builder.UseOrleans(silo => silo.AddCommuneSilo(builder.Configuration, deployment));
        }

        builder.Services.AddSingleton(keys);
        builder.Services.AddCommuneGitHubOptions(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton<ClusterReachability>();
        builder.Services.AddExceptionHandler<BadHttpRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<StorageUnavailableExceptionHandler>();
        builder.Services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<ClusterReadinessCheck>("cluster", tags: ["ready"]);
        builder.Services.AddAuthentication(ApiKeyDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyDefaults.Scheme, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiKeyDefaults.Policy, p => p.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireAuthenticatedUser());
        builder.Services.AddHostedService<GatewayStartupBanner>();
        builder.Services.AddCommuneTelemetry(builder.Configuration, "commune-gateway");
        builder.Services.AddCommuneMonitorGauges(builder.Configuration);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddPrometheusExporter());

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        // After authorization, so a caller without a key is told 401 and nothing about how its input would have been judged.
        app.UseMiddleware<RequestValidationMiddleware>();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        app.MapCoordinationPage();
        var openApi = app.MapOpenApi();
        var v1 = app.MapGroup("/v1");
        var anthropic = app.MapGroup("/anthropic/v1");
        var dashboard = app.MapOrleansDashboard("/dashboard").RequireKnownSilo();
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics");
        if (keys.Count > 0)
        {
            // The route list is part of what a key protects.
            openApi.RequireAuthorization(ApiKeyDefaults.Policy);
            v1.RequireAuthorization(ApiKeyDefaults.Policy);
            anthropic.RequireAuthorization(ApiKeyDefaults.Policy);
            dashboard.RequireAuthorization(ApiKeyDefaults.Policy);
            metrics.RequireAuthorization(ApiKeyDefaults.Policy);
        }

        v1.MapClusterEndpoints();
        v1.MapChatEndpoints();
        v1.MapResponseEndpoints();
        v1.MapModelEndpoints();
        v1.MapBudgetEndpoints();
        v1.MapTaskEndpoints();
        v1.MapPipelineEndpoints();
        v1.MapTopicEndpoints();
        v1.MapVoteEndpoints();
        v1.MapAgentEndpoints();
        v1.MapMessageEndpoints();
        v1.MapEventEndpoints();
        v1.MapMonitorEndpoints();
        v1.MapSupervisionEndpoints();
        v1.MapSessionEndpoints();
        v1.MapCoordinationMeasureEndpoints();
        v1.MapReviewEndpoints();
        v1.MapCoordinationReportEndpoints();
        v1.MapGitHubEndpoints();
        anthropic.MapAnthropicEndpoints();

        // Outside the key-protected group: GitHub authenticates with the body's HMAC signature, it cannot send a gateway key.
        app.MapGitHubWebhook();

        // Unmatched /v1 paths sit behind the same key as real ones: a caller without a key learns nothing about routes.
        v1.Map("/{**path}", (string path) => Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such route",
                detail: $"There is no /v1/{path} route for this method. The routes are listed at /openapi/v1.json."))
            .ExcludeFromDescription();
        return app;
    }
}
