using System.ClientModel;
using System.Net.Sockets;
using System.Text.Json;
using Anthropic.Exceptions;
using Commune.Models;
using Commune.Providers.Clients;
using Commune.Providers.Simulation;
using Polly.Timeout;

namespace Commune.Providers.Errors;

/// <summary>
/// Sorts a failed try into the error classes the chain handles differently: rate limit, spend limit, billing, auth, server error,
/// overloaded, timeout, context length, content policy, connection, stream faults. Status codes come from what the HTTP layer saw
/// (<see cref="ResponseCapture"/>) or the SDK's exception; the body distinguishes the 400s and 429s.
/// </summary>
public static class FailureClassifier
{
    private static readonly string[] ContextMarkers =
    [
        "context_length_exceeded", "context length", "context window", "prompt is too long", "maximum context",
        "too many tokens", "string_above_max_length", "reduce the length",
    ];

    private static readonly string[] ContentMarkers =
    [
        "content_filter", "content filter", "content_policy", "content policy", "content management policy", "safety system", "flagged", "moderation",
    ];

    private static readonly string[] SpendMarkers =
    [
        "insufficient_quota", "exceeded your current quota", "spend limit", "spending limit", "billing", "credit balance", "out of credits",
    ];

    /// <summary>Classifies an exception thrown by a provider call.</summary>
    public static ProviderFailure Classify(Exception exception, ResponseCapture? capture)
    {
        if (exception is ProviderStreamException stream)
        {
            return new ProviderFailure(stream.Outcome, capture?.Status, null, stream.Message, CountsAgainstProvider: true);
        }

        if (exception is TimeoutRejectedException)
        {
            return new ProviderFailure(AttemptOutcome.Timeout, null, null, "The step's time budget ran out.", CountsAgainstProvider: true);
        }

        var status = capture?.Status is >= 400 ? capture.Status : StatusOf(exception);
        var body = capture?.ErrorBody ?? BodyOf(exception);
        var retryAfter = capture?.RetryAfter ?? (exception as SimulatedProviderException)?.RetryAfter;
        var message = ProviderMessage(body) ?? exception.Message;

        if (status is null)
        {
            return exception switch
            {
                JsonException => new ProviderFailure(AttemptOutcome.StreamMalformed, null, null, "The provider sent malformed JSON: " + exception.Message, true),
                HttpRequestException or IOException or SocketException or AnthropicIOException
                    => new ProviderFailure(AttemptOutcome.Connection, null, null, "Connection failed: " + exception.Message, true),
                ClientResultException when exception.InnerException is HttpRequestException or IOException
                    => new ProviderFailure(AttemptOutcome.Connection, null, null, "Connection failed: " + exception.Message, true),
                _ => new ProviderFailure(AttemptOutcome.Unknown, null, null, exception.GetType().Name + ": " + exception.Message, true),
            };
        }

        var lower = (body ?? string.Empty).ToLowerInvariant() + " " + message.ToLowerInvariant();
        return status.Value switch
        {
            429 when ContainsAny(lower, SpendMarkers) => new ProviderFailure(AttemptOutcome.SpendLimit, 429, retryAfter, message, true),
            429 => new ProviderFailure(AttemptOutcome.RateLimited, 429, retryAfter, message, true),
            402 => new ProviderFailure(AttemptOutcome.Billing, 402, null, message, true),
            // Providers echo (part of) the rejected key in these messages; the trail goes back to API callers, so it says less.
            401 or 403 => new ProviderFailure(AttemptOutcome.Auth, status, null, $"The provider rejected Commune's credentials for it (HTTP {status}).", true),
            529 => new ProviderFailure(AttemptOutcome.Overloaded, 529, retryAfter, message, true),
            408 => new ProviderFailure(AttemptOutcome.Timeout, 408, null, message, true),
            >= 500 when lower.Contains("overloaded", StringComparison.Ordinal) => new ProviderFailure(AttemptOutcome.Overloaded, status, retryAfter, message, true),
            >= 500 => new ProviderFailure(AttemptOutcome.ServerError, status, retryAfter, message, true),
            413 => new ProviderFailure(AttemptOutcome.ContextLength, 413, null, message, false),
            400 or 422 when ContainsAny(lower, ContextMarkers) => new ProviderFailure(AttemptOutcome.ContextLength, status, null, message, false),
            400 or 422 or 451 when ContainsAny(lower, ContentMarkers) => new ProviderFailure(AttemptOutcome.ContentPolicy, status, null, message, false),
            451 => new ProviderFailure(AttemptOutcome.ContentPolicy, 451, null, message, false),

            // The request was refused as malformed; another provider may accept it, but this one is not at fault.
            _ => new ProviderFailure(AttemptOutcome.BadRequest, status, null, message, false),
        };
    }

    /// <summary>Whether one quick retry on the same step may help: a first transient 5xx (not 529) or a dropped connection.</summary>
    public static bool IsTransient(ProviderFailure failure) =>
        failure.Outcome is AttemptOutcome.Connection || (failure.Outcome is AttemptOutcome.ServerError && failure.Status is 500 or 502 or 503 or 504);

    private static int? StatusOf(Exception exception) => exception switch
    {
        ClientResultException { Status: > 0 } e => e.Status,
        AnthropicApiException e => (int)e.StatusCode,
        SimulatedProviderException e => e.Status,
        HttpRequestException { StatusCode: { } code } => (int)code,
        _ => exception.InnerException is { } inner ? StatusOf(inner) : null,
    };

    private static string? BodyOf(Exception exception) => exception switch
    {
        AnthropicApiException e => e.ResponseBody,
        ClientResultException e => SafeBody(e),
        SimulatedProviderException e => e.Message,
        _ => null,
    };

    private static string? SafeBody(ClientResultException exception)
    {
        try
        {
            return exception.GetRawResponse()?.Content?.ToString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The <c>error.message</c> of an OpenAI- or Anthropic-shaped error body.</summary>
    public static string? ProviderMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || body[0] != '{')
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString();
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static bool ContainsAny(string text, string[] markers) => markers.Any(m => text.Contains(m, StringComparison.Ordinal));
}
