using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Commune.Gateway.Security;
using Commune.Models;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Commune.Gateway.Endpoints.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>, OpenAI-compatible. <c>model</c> is a profile or a <c>provider/model</c>; the chain runs in the
/// silo's stateless worker pool. Streams may fail over until the first token; a fault after it ends the stream with an error event and
/// an aborted connection, never a truncated answer that looks complete.
/// </summary>
public static partial class ChatEndpoints
{
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private static JsonSerializerOptions? _responseJson;

    public static RouteGroupBuilder MapChatEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/chat/completions", HandleAsync)
            .WithName("CreateChatCompletion")
            .WithSummary("OpenAI-compatible chat completion through a profile's fallback chain (stream supported).")
            // No Accepts<T>(): its content-type routing constraint would turn a non-JSON request into the /v1 catch-all's 404; the
            // handler answers 415 itself. The body shape is ChatCompletionRequest (docs/api.md).
            .Produces<ChatCompletionResponse>(StatusCodes.Status200OK, "application/json", "text/event-stream")
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

        ChatCompletionRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync<ChatCompletionRequest>(json.Value.SerializerOptions, cancellationToken);
        }
        catch (JsonException ex)
        {
            await ChatErrors.Invalid("The body is not valid JSON for a chat completion: " + ex.Message).ExecuteAsync(http);
            return;
        }

        var (scopes, scopeProblem) = Scopes(http);
        if (scopeProblem is not null)
        {
            await ChatErrors.Invalid(scopeProblem).ExecuteAsync(http);
            return;
        }

        var (call, problem) = ChatRequestReader.Read(request, scopes!, http.TraceIdentifier);
        if (call is null)
        {
            await ChatErrors.Invalid(problem!).ExecuteAsync(http);
            return;
        }

        var options = ResponseJson(json.Value.SerializerOptions);
        var grain = grains.GetGrain<IModelCallGrain>(0);
        try
        {
            if (request!.Stream)
            {
                await StreamAsync(http, grain, call, request.StreamOptions?.IncludeUsage == true, options, cancellationToken);
            }
            else
            {
                await CompleteAsync(http, grain, call, options, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCallerGone(loggers.CreateLogger(typeof(ChatEndpoints)), http.TraceIdentifier);
        }
    }

    private static async Task CompleteAsync(HttpContext http, IModelCallGrain grain, ModelCall call, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var result = await grain.CompleteAsync(call, cancellationToken);
        if (result.Answer is not { } answer)
        {
            CommuneHeaders.Write(http.Response, result, null, null, false, null);
            await ChatErrors.Problem(result).ExecuteAsync(http);
            return;
        }

        CommuneHeaders.Write(http.Response, result, answer.Provider, answer.Model, answer.Simulated, answer.CostUsd);
        var response = new ChatCompletionResponse(
            "chatcmpl-" + http.TraceIdentifier.Replace(':', '-'),
            "chat.completion",
            DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            answer.Provider + "/" + answer.Model,
            [new ChatCompletionChoice(0, Message(answer), null, answer.FinishReason)],
            Usage(answer.Usage),
            Metadata(result, answer));
        await Results.Json(response, options).ExecuteAsync(http);
    }

    private static async Task StreamAsync(
        HttpContext http, IModelCallGrain grain, ModelCall call, bool includeUsage, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var id = "chatcmpl-" + http.TraceIdentifier.Replace(':', '-');
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string? model = null;
        var started = false;
        await foreach (var item in grain.StreamAsync(call, cancellationToken).WithCancellation(cancellationToken))
        {
            switch (item.Kind)
            {
                case ModelStreamEventKind.Failed when !started:
                    CommuneHeaders.Write(http.Response, item.Result!, null, null, false, null);
                    await ChatErrors.Problem(item.Result!).ExecuteAsync(http);
                    return;

                case ModelStreamEventKind.Started:
                    started = true;
                    model = item.Provider + "/" + item.Model;
                    EventStreamAnswer.Begin(http, item);
                    await WriteAsync(http, Chunk(id, created, model, new ChatCompletionOutput("assistant", string.Empty), null, null, null), options, cancellationToken);
                    break;

                case ModelStreamEventKind.Delta when item.ToolCall is { } toolCall:
                    var piece = new ChatToolCallOutput(toolCall.Index, toolCall.Id, toolCall.Id is null ? null : "function", new ChatFunctionOutput(toolCall.Name, toolCall.ArgumentsFragment ?? string.Empty));
                    await WriteAsync(http, Chunk(id, created, model!, new ChatCompletionOutput(null, null, null, [piece]), null, null, null), options, cancellationToken);
                    break;

                case ModelStreamEventKind.Delta when item.Text is not null || item.Reasoning is not null:
                    await WriteAsync(http, Chunk(id, created, model!, new ChatCompletionOutput(null, item.Text, item.Reasoning), null, null, null), options, cancellationToken);
                    break;

                case ModelStreamEventKind.Completed:
                    var answer = item.Result!.Answer!;
                    var metadata = Metadata(item.Result, answer);
                    await WriteAsync(http, Chunk(id, created, model!, new ChatCompletionOutput(null, null), answer.FinishReason, null, includeUsage ? null : metadata), options, cancellationToken);
                    if (includeUsage)
                    {
                        await WriteAsync(http, new ChatCompletionResponse(id, "chat.completion.chunk", created, model!, [], Usage(answer.Usage), metadata), options, cancellationToken);
                    }

                    await http.Response.Body.WriteAsync(Done, cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                    return;

                case ModelStreamEventKind.Failed:
                    var result = item.Result!;
                    var error = result.Error!;
                    var failure = new
                    {
                        error = new { message = error.Message, type = error.Code, code = error.Code },
                        commune = new CommuneMetadata(result.Profile, item.Provider, item.Model, item.Simulated, null, false, result.Downgraded, result.Attempts),
                    };
                    var payload = JsonSerializer.Serialize(failure, options);
                    await http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("event: error\ndata: " + payload + "\n\n"), cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);

                    // No [DONE]: the aborted response is the failure.
                    await EventStreamAnswer.AbortAsync(http);
                    return;
            }
        }
    }

    private static ChatCompletionOutput Message(ModelAnswer answer) => new(
        "assistant",
        answer.ToolCalls is { Count: > 0 } && answer.Text.Length == 0 ? null : answer.Text,
        answer.Reasoning,
        answer.ToolCalls?.Select(c => new ChatToolCallOutput(null, c.Id, "function", new ChatFunctionOutput(c.Name, c.ArgumentsJson))).ToList());

    private static ChatCompletionResponse Chunk(
        string id, long created, string model, ChatCompletionOutput delta, string? finish, ChatCompletionUsage? usage, CommuneMetadata? metadata) =>
        new(id, "chat.completion.chunk", created, model, [new ChatCompletionChoice(0, null, delta, finish)], usage, metadata);

    private static async Task WriteAsync(HttpContext http, ChatCompletionResponse chunk, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        var body = http.Response.Body;
        await body.WriteAsync("data: "u8.ToArray(), cancellationToken);
        await JsonSerializer.SerializeAsync(body, chunk, options, cancellationToken);
        await body.WriteAsync("\n\n"u8.ToArray(), cancellationToken);
        await body.FlushAsync(cancellationToken);
    }

    private static ChatCompletionUsage Usage(TokenUsage usage) => new(usage.InputTokens, usage.OutputTokens, usage.TotalTokens);

    private static CommuneMetadata Metadata(ModelCallResult result, ModelAnswer answer) =>
        new(result.Profile, answer.Provider, answer.Model, answer.Simulated, answer.CostUsd, answer.Usage.Estimated, result.Downgraded, result.Attempts);

    /// <summary>The budget ledgers of a request: the session and task headers and the API key that authenticated it.</summary>
    internal static (BudgetScopes? Scopes, string? Problem) Scopes(HttpContext http)
    {
        var session = http.Request.Headers[CommuneHeaders.Session].ToString();
        var task = http.Request.Headers[CommuneHeaders.Task].ToString();
        foreach (var (name, value) in new[] { (CommuneHeaders.Session, session), (CommuneHeaders.Task, task) })
        {
            if (value.Length > ChatRequestReader.MaxScopeIdLength || value.Any(char.IsControl))
            {
                return (null, $"{name} must be at most {ChatRequestReader.MaxScopeIdLength} printable characters.");
            }
        }

        var key = http.User.FindFirstValue(ApiKeyDefaults.KeyIdClaim);
        return (new BudgetScopes(NullIfEmpty(session), NullIfEmpty(task), key), null);
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // The configured (snake_case) options never change after start-up, so one derived copy serves every request.
    private static JsonSerializerOptions ResponseJson(JsonSerializerOptions configured) =>
        _responseJson ??= new JsonSerializerOptions(configured) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [LoggerMessage(Level = LogLevel.Information, Message = "Caller of request {RequestId} went away; the chain was cancelled")]
    private static partial void LogCallerGone(ILogger logger, string requestId);
}
