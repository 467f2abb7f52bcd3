using Commune.Gateway.Endpoints.Anthropic;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Commune.Gateway.Validation;

/// <summary>
/// The one place every request's input is checked before an endpoint binds it: path parameters, the query, a JSON body's charset
/// and its contents (valid Unicode, bounded depth). A JSON body is read into memory once (Gateway:MaxRequestBodyBytes bounds it)
/// and handed on unchanged, so the endpoint's own reading and per-route size limits work as before.
/// </summary>
public sealed class RequestValidationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var problem = RequestLine(context.Request);
        var readsRawBody = context.GetEndpoint()?.Metadata.GetMetadata<RawBodyMetadata>() is not null;
        if (problem is null && !readsRawBody)
        {
            problem = await BodyAsync(context);
        }

        if (problem is not null)
        {
            // Anthropic's clients read only their own error shape; the detail names the member either way.
            var result = AnthropicErrors.Applies(context.Request)
                ? AnthropicErrors.Of(problem.Status, AnthropicErrors.InvalidRequest, problem.Detail)
                : problem.ToResult();
            await result.ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    private static InputProblem? RequestLine(HttpRequest request)
    {
        foreach (var (name, value) in request.RouteValues)
        {
            if (value is string text && RequestLineRules.PathParameter(name, text) is { } bad)
            {
                return bad;
            }
        }

        return RequestLineRules.Query(request.QueryString.Value);
    }

    private static async Task<InputProblem?> BodyAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.HasJsonContentType() || !MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            return null;
        }

        if (RequestLineRules.Charset(mediaType.Charset.HasValue ? mediaType.Charset.Value : null) is { } badCharset)
        {
            return badCharset;
        }

        // The framework's JSON reader looks the charset up by its raw text, and "utf-8" quoted (as RFC 9110 allows) makes it throw:
        // every accepted spelling is handed on as the plain token.
        if (mediaType.Charset.HasValue && mediaType.Charset.Value != "utf-8")
        {
            mediaType.Charset = "utf-8";
            request.ContentType = mediaType.ToString();
        }

        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return null;
        }

        var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        request.Body = new MemoryStream(buffer.GetBuffer(), 0, (int)buffer.Length, writable: false);
        context.Response.RegisterForDispose(buffer);
        return JsonInputValidator.Validate(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
