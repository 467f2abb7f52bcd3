using System.Text.Json;
using System.Text.Json.Nodes;
using Commune.Gateway.Endpoints.Chat;
using Commune.Models;

namespace Commune.Gateway.Endpoints.Anthropic;

/// <summary>
/// Anthropic's Messages API under <c>/anthropic/v1</c>, so Claude Code and the Anthropic SDKs route through Commune's chains:
/// <c>model</c> is a profile or a <c>provider/model</c>, answered by whichever provider kind the chain reaches. Streams may fail over
/// until the first token; a fault after it ends the stream with an <c>error</c> event and an aborted connection.
/// </summary>
public static partial class AnthropicEndpoints
{

    public static RouteGroupBuilder MapAnthropicEndpoints(this RouteGroupBuilder anthropic)
    {
        anthropic.MapPost("/messages", MessagesAsync)
            .WithName("CreateAnthropicMessage")
            .WithSummary("Anthropic Messages API through a profile's fallback chain (stream supported); errors in Anthropic's shape.");
        anthropic.MapPost("/messages/count_tokens", CountTokensAsync)
            .WithName("CountAnthropicMessageTokens")
            .WithSummary("Commune's prompt-size estimate (the one the chain reserves budget with) for a Messages request.");
        anthropic.MapGet("/models", ListModelsAsync)
            .WithName("ListAnthropicModels")
            .WithSummary("Profiles and priced provider/model ids in Anthropic's model-list shape (limit, after_id, before_id).");
        anthropic.MapGet("/models/{modelId}", GetModelAsync)
            .WithName("GetAnthropicModel")
            .WithSummary("One profile or provider/model id in Anthropic's model shape.");

        // Behind the group's key like the real routes, and in Anthropic's shape so its SDKs report a not-found error.
        anthropic.Map("/{**path}", (string path) => AnthropicErrors.Of(StatusCodes.Status404NotFound, AnthropicErrors.NotFound,
                $"There is no /anthropic/v1/{path} route for this method; Commune serves messages, messages/count_tokens and models."))
            .ExcludeFromDescription();
        return anthropic;
    }

    private static async Task MessagesAsync(HttpContext http, IGrainFactory grains, ILoggerFactory loggers)
    {
        var cancellationToken = http.RequestAborted;
        var (body, bodyProblem) = await ReadBodyAsync(http);
        if (bodyProblem is not null)
        {
            await bodyProblem.ExecuteAsync(http);
            return;
        }

        var (scopes, scopeProblem) = ChatEndpoints.Scopes(http);
        if (scopeProblem is not null)
        {
            await AnthropicErrors.Invalid(scopeProblem).ExecuteAsync(http);
            return;
        }

        var (request, problem) = AnthropicRequestReader.Read(body, scopes!, http.TraceIdentifier);
        if (request is null)
        {
            await AnthropicErrors.Invalid(problem!).ExecuteAsync(http);
            return;
        }

        var grain = grains.GetGrain<IModelCallGrain>(0);
        try
        {
            if (request.Stream)
            {
                await StreamAsync(http, grain, request.Call, cancellationToken);
            }
            else
            {
                await CompleteAsync(http, grain, request.Call, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCallerGone(loggers.CreateLogger(typeof(AnthropicEndpoints)), http.TraceIdentifier);
        }
    }

    private static async Task CompleteAsync(HttpContext http, IModelCallGrain grain, ModelCall call, CancellationToken cancellationToken)
    {
        var result = await grain.CompleteAsync(call, cancellationToken);
        if (result.Answer is not { } answer)
        {
            CommuneHeaders.Write(http.Response, result, null, null, false, null);
            await AnthropicErrors.Problem(result).ExecuteAsync(http);
            return;
        }

        CommuneHeaders.Write(http.Response, result, answer.Provider, answer.Model, answer.Simulated, answer.CostUsd);
        await Results.Json(AnthropicResponseWriter.Message(AnthropicResponseWriter.MessageId(http.TraceIdentifier), answer)).ExecuteAsync(http);
    }

    private static async Task StreamAsync(HttpContext http, IModelCallGrain grain, ModelCall call, CancellationToken cancellationToken)
    {
        var writer = new AnthropicStreamWriter();
        var started = false;
        await foreach (var item in grain.StreamAsync(call, cancellationToken).WithCancellation(cancellationToken))
        {
            switch (item.Kind)
            {
                case ModelStreamEventKind.Failed when !started:
                    CommuneHeaders.Write(http.Response, item.Result!, null, null, false, null);
                    await AnthropicErrors.Problem(item.Result!).ExecuteAsync(http);
                    return;

                case ModelStreamEventKind.Started:
                    started = true;
                    EventStreamAnswer.Begin(http, item);
                    var id = AnthropicResponseWriter.MessageId(http.TraceIdentifier);
                    await WriteAsync(http, writer.Start(id, item.Provider + "/" + item.Model, PromptEstimate.Tokens(call)), cancellationToken);
                    break;

                case ModelStreamEventKind.Delta:
                    IReadOnlyList<SseFrame> frames;
                    try
                    {
                        frames = writer.Delta(item);
                    }
                    catch (AnthropicStreamException ex)
                    {
                        await FailAsync(http, AnthropicStreamWriter.Error(ex.Message), cancellationToken);
                        return;
                    }

                    await WriteAsync(http, frames, cancellationToken);
                    break;

                case ModelStreamEventKind.Completed:
                    await WriteAsync(http, writer.Complete(item.Result!.Answer!), cancellationToken);
                    return;

                case ModelStreamEventKind.Failed:
                    await FailAsync(http, AnthropicStreamWriter.Error(item.Result!.Error!.Message, item.Result), cancellationToken);
                    return;
            }
        }
    }

    /// <summary>The error event, then an aborted response (no <c>message_stop</c>).</summary>
    private static async Task FailAsync(HttpContext http, SseFrame error, CancellationToken cancellationToken)
    {
        await WriteAsync(http, [error], cancellationToken);
        await EventStreamAnswer.AbortAsync(http);
    }

    private static async Task WriteAsync(HttpContext http, IReadOnlyList<SseFrame> frames, CancellationToken cancellationToken)
    {
        foreach (var frame in frames)
        {
            await http.Response.Body.WriteAsync(frame.ToBytes(), cancellationToken);
            await http.Response.Body.FlushAsync(cancellationToken);
        }
    }

    private static async Task CountTokensAsync(HttpContext http, IGrainFactory grains)
    {
        var (body, bodyProblem) = await ReadBodyAsync(http);
        if (bodyProblem is not null)
        {
            await bodyProblem.ExecuteAsync(http);
            return;
        }

        var (request, problem) = AnthropicRequestReader.ReadCount(body, http.TraceIdentifier);
        if (request is null)
        {
            await AnthropicErrors.Invalid(problem!).ExecuteAsync(http);
            return;
        }

        // The model must be one a message could go to, as Anthropic's own count refuses an unknown model.
        var catalog = await grains.GetGrain<IModelCatalogGrain>(0).GetAsync();
        if (!AnthropicModelList.Knows(catalog, request.Call.Target))
        {
            await AnthropicErrors.Of(StatusCodes.Status404NotFound, AnthropicErrors.NotFound,
                $"The model '{request.Call.Target}' does not exist: it is neither a profile nor \"<provider>/<model>\" of a configured provider.").ExecuteAsync(http);
            return;
        }

        await Results.Json(new JsonObject { ["input_tokens"] = PromptEstimate.Tokens(request.Call) }).ExecuteAsync(http);
    }

    private static async Task<IResult> ListModelsAsync(HttpContext http, IGrainFactory grains)
    {
        var catalog = await grains.GetGrain<IModelCatalogGrain>(0).GetAsync();
        var (page, problem) = AnthropicModelList.Page(catalog, http.Request.Query);
        return page is not null ? Results.Json(page) : AnthropicErrors.Invalid(problem!);
    }

    private static async Task<IResult> GetModelAsync(string modelId, IGrainFactory grains)
    {
        var catalog = await grains.GetGrain<IModelCatalogGrain>(0).GetAsync();
        return AnthropicModelList.Find(catalog, modelId) is { } model
            ? Results.Json(model)
            : AnthropicErrors.Of(StatusCodes.Status404NotFound, AnthropicErrors.NotFound, $"There is no profile or priced model '{modelId}'.");
    }

    private static async Task<(JsonElement Body, IResult? Problem)> ReadBodyAsync(HttpContext http)
    {
        if (!http.Request.HasJsonContentType())
        {
            return (default, AnthropicErrors.Of(StatusCodes.Status415UnsupportedMediaType, AnthropicErrors.InvalidRequest,
                "Send the request body as application/json."));
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (default, AnthropicErrors.Invalid("The body is not valid JSON: " + ex.Message));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Caller of request {RequestId} went away; the chain was cancelled")]
    private static partial void LogCallerGone(ILogger logger, string requestId);
}
