namespace Commune.Tests.Infrastructure.FakeProvider;

/// <summary>The error type, code and message each provider uses for a bare status, for <see cref="FakeReply.Status"/>.</summary>
internal static class FakeErrorDefaults
{
    /// <summary>What OpenAI (and OpenAI-compatible providers) send for the status.</summary>
    public static FakeError OpenAi(int status) => status switch
    {
        400 => new("invalid_request_error", "Invalid request."),
        401 => new(
            "invalid_request_error",
            "Incorrect API key provided: sk-fake****. You can find your API key at https://platform.openai.com/account/api-keys.",
            "invalid_api_key"),
        402 => new("insufficient_quota", "Payment required."),
        403 => new(
            "invalid_request_error",
            "Project `proj_fake` does not have access to model `fake-model`",
            "model_not_found"),
        404 => new("invalid_request_error", "The model `fake-model` does not exist or you do not have access to it.", "model_not_found"),
        408 => new("timeout", "Request timed out."),
        409 => new("invalid_request_error", "Conflict."),
        413 => new("invalid_request_error", "Request too large."),
        422 => new("invalid_request_error", "Unprocessable entity."),
        429 => new(
            "requests",
            "Rate limit reached for fake-model in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.",
            "rate_limit_exceeded"),
        500 => new("server_error", "The server had an error while processing your request. Sorry about that!"),
        502 => new("server_error", "Bad gateway."),
        503 or 529 => new("server_error", "The engine is currently overloaded, please try again later."),
        504 => new("server_error", "Gateway timeout."),
        >= 500 => new("server_error", "The server had an error while processing your request. Sorry about that!"),
        _ => new("invalid_request_error", "Invalid request."),
    };

    /// <summary>What Anthropic sends for the status (https://docs.claude.com/en/api/errors).</summary>
    public static FakeError Anthropic(int status) => status switch
    {
        400 => new("invalid_request_error", "Invalid request."),
        401 => new("authentication_error", "invalid x-api-key"),
        402 => new("billing_error", "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."),
        403 => new("permission_error", "Your API key does not have permission to use the specified resource."),
        404 => new("not_found_error", "model: fake-model"),
        413 => new("request_too_large", "Request exceeds the maximum allowed number of bytes."),
        429 => new(
            "rate_limit_error",
            "This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits."),
        500 => new("api_error", "Internal server error"),
        502 => new("api_error", "Bad gateway"),
        503 => new("api_error", "Service unavailable"),
        504 => new("timeout_error", "Request timed out"),
        529 => new("overloaded_error", "Overloaded"),
        >= 500 => new("api_error", "Internal server error"),
        _ => new("invalid_request_error", "Invalid request."),
    };
}
