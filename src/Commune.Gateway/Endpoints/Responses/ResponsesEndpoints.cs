using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Commune.Gateway.Endpoints.Chat;
using Commune.Models;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Commune.Gateway.Endpoints.Responses;

/// <summary>
/// <c>POST /v1/responses</c>, OpenAI's Responses API over Commune's chains, for Codex CLI (<c>wire_api = "responses"</c>) and the
/// OpenAI Agents SDK. Stateless: every request carries the whole conversation (<c>store: false</c>). Errors have the chat-completions
/// shape; a stream that breaks after its first token ends with <c>response.failed</c> and an aborted connection, like chat streams.
/// </summary>
public static partial class ResponsesEndpoints
{
    private static JsonSerializerOptions? _responseJson;

    public static RouteGroupBuilder MapResponseEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/responses", HandleAsync)
            .WithName("CreateResponse")
            .WithSummary("OpenAI Responses API through a profile's fallback chain (stream supported; function tools only; no response store).")
            // As on chat completions, no Accepts<T>(): the handler answers a non-JSON body with 415 itself (docs/api.md has the body).
            .Produces(StatusCodes.Status200OK, contentType: "application/json", additionalContentTypes: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    private static async Task HandleAsync(HttpContext http, IGrainFactory grains, IOptions<JsonOptions> json, ILoggerFactory loggers)
    {
        var cancellationToken = http.RequestAborted;
        if (!http.Request.HasJsonContentType())
        {
            await Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "Send the request body as application/json.").ExecuteAsync(http);
            return;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            await ChatErrors.Invalid("The body is not valid JSON: " + ex.Message).ExecuteAsync(http);
            return;
        }

        using (document)
        {
            var (scopes, scopeProblem) = ChatEndpoints.Scopes(http);
            if (scopeProblem is not null)
            {
                await ChatErrors.Invalid(scopeProblem).ExecuteAsync(http);
                return;
            }

            var (request, problem) = ResponsesRequestReader.Read(document.RootElement, scopes!, http.TraceIdentifier);
            if (request is null)
            {
                await ChatErrors.Invalid(problem!).ExecuteAsync(http);
                return;
            }

            var options = ResponseJson(json.Value.SerializerOptions);
            var grain = grains.GetGrain<IModelCallGrain>(0);
            try
            {
                if (request.Stream)
                {
                    await StreamAsync(http, grain, request, options, cancellationToken);
                }
                else
                {
                    await CompleteAsync(http, grain, request, options, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                LogCallerGone(loggers.CreateLogger(typeof(ResponsesEndpoints)), http.TraceIdentifier);
            }
        }
    }

    private static async Task CompleteAsync(HttpContext http, IModelCallGrain grain, ResponsesRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var result = await grain.CompleteAsync(request.Call, cancellationToken);
        if (result.Answer is not { } answer)
        {
            CommuneHeaders.Write(http.Response, result, null, null, false, null);
            await ChatErrors.Problem(result).ExecuteAsync(http);
            return;
        }

        CommuneHeaders.Write(http.Response, result, answer.Provider, answer.Model, answer.Simulated, answer.CostUsd);
        var id = ResponsesResponseBuilder.ResponseId(http.TraceIdentifier);
        var response = ResponsesResponseBuilder.Complete(request, id, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), result, answer, options);
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(response.ToJsonString(), cancellationToken);
    }

    private static async Task StreamAsync(HttpContext http, IModelCallGrain grain, ResponsesRequest request, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var writer = new ResponsesStreamWriter(
            request, ResponsesResponseBuilder.ResponseId(http.TraceIdentifier), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), options);
        var started = false;
        await foreach (var item in grain.StreamAsync(request.Call, cancellationToken).WithCancellation(cancellationToken))
        {
            switch (item.Kind)
            {
                case ModelStreamEventKind.Failed when !started:
                    CommuneHeaders.Write(http.Response, item.Result!, null, null, false, null);
                    await ChatErrors.Problem(item.Result!).ExecuteAsync(http);
                    return;

                case ModelStreamEventKind.Started:
                    started = true;
                    EventStreamAnswer.Begin(http, item);
                    await WriteAsync(http, writer.Start(item.Provider!, item.Model!), cancellationToken);
                    break;

                case ModelStreamEventKind.Delta:
                    await WriteAsync(http, writer.Delta(item), cancellationToken);
                    break;

                case ModelStreamEventKind.Completed:
                    await WriteAsync(http, writer.Complete(item.Result!), cancellationToken);
                    return;

                case ModelStreamEventKind.Failed:
                    await WriteAsync(http, writer.Fail(item.Result!), cancellationToken);

                    // No response.completed: the aborted response is the failure.
                    await EventStreamAnswer.AbortAsync(http);
                    return;
            }
        }
    }

    private static async Task WriteAsync(HttpContext http, IReadOnlyList<ResponsesEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var e in events)
        {
            text.Append("event: ").Append(e.Type).Append("\ndata: ").Append(e.Data.ToJsonString()).Append("\n\n");
        }

        await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    // The configured (snake_case) options never change after start-up, so one derived copy serves every request.
    private static JsonSerializerOptions ResponseJson(JsonSerializerOptions configured) =>
        _responseJson ??= new JsonSerializerOptions(configured) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [LoggerMessage(Level = LogLevel.Information, Message = "Caller of response request {RequestId} went away; the chain was cancelled")]
    private static partial void LogCallerGone(ILogger logger, string requestId);
}
