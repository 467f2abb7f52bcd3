using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Commune.Bench.FakeProvider;

/// <summary>
/// Answers the fake provider's routes straight from Kestrel (no routing, no JSON serializer): the body is read from the
/// request pipe, peeked for the model and <c>stream</c>, and the pre-serialized answer is copied into the response pipe.
/// </summary>
internal sealed class FakeProviderHandler(FakeProviderOptions options, FakeResponses responses)
{
    private const int MaxModelBytes = 256;
    private static readonly byte[] s_defaultModel = "bench-model"u8.ToArray();
    private static readonly byte[] s_badRequest =
        """{"error":{"message":"The body must be a JSON object with a model of at most 256 bytes.","type":"invalid_request_error","param":null,"code":null}}"""u8.ToArray();

    private long _completions;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value;
        if (HttpMethods.IsPost(request.Method) && string.Equals(path, "/v1/chat/completions", StringComparison.Ordinal))
        {
            await CompleteAsync(context);
        }
        else if (HttpMethods.IsGet(request.Method) && string.Equals(path, "/health", StringComparison.Ordinal))
        {
            context.Response.ContentType = "text/plain";
            await context.Response.Body.WriteAsync("ok"u8.ToArray());
        }
        else if (HttpMethods.IsGet(request.Method) && string.Equals(path, "/stats", StringComparison.Ordinal))
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes($$"""{"completions":{{Interlocked.Read(ref _completions)}}}"""));
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private async Task CompleteAsync(HttpContext context)
    {
        Interlocked.Increment(ref _completions);
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(context.RequestAborted);
            if (read.IsCompleted || read.IsCanceled)
            {
                break;
            }

            // Not enough yet: ask for more without consuming anything.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        if (options.LatencyMs > 0)
        {
            await Task.Delay(options.LatencyMs, context.RequestAborted);
        }

        Respond(context, read.Buffer);
        reader.AdvanceTo(read.Buffer.End);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private void Respond(HttpContext context, ReadOnlySequence<byte> body)
    {
        var response = context.Response;
        Span<byte> model = stackalloc byte[MaxModelBytes];
        if (!ChatRequestPeek.TryRead(body, model, out var modelLength, out var stream, out var tools))
        {
            response.StatusCode = StatusCodes.Status400BadRequest;
            response.ContentType = "application/json";
            response.ContentLength = s_badRequest.Length;
            response.BodyWriter.Write(s_badRequest);
            return;
        }

        if (modelLength == 0)
        {
            s_defaultModel.CopyTo(model);
            modelLength = s_defaultModel.Length;
        }

        ResponseTemplate template;
        if (options.FailStatus is { } failStatus)
        {
            response.StatusCode = failStatus;
            response.ContentType = "application/json";
            template = responses.Error;
        }
        else if (stream)
        {
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            template = tools ? responses.ToolStream : responses.Stream;
        }
        else
        {
            response.ContentType = "application/json";
            template = tools ? responses.ToolCompletion : responses.Completion;
        }

        var modelBytes = model[..modelLength];
        response.ContentLength = template.Length(modelBytes.Length);
        template.Write(response.BodyWriter, modelBytes);
    }
}
