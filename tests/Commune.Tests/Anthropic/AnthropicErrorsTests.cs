using Commune.Gateway.Endpoints.Anthropic;
using Commune.Models;

namespace Commune.Tests.Anthropic;

/// <summary>Which status and Anthropic error type each failed call gets.</summary>
public sealed class AnthropicErrorsTests
{
    private static ModelAttempt Attempt(string outcome) => new(0, "an1", "m", outcome, null, 1);

    [Theory]
    [InlineData(ModelCallErrorCode.UnknownModel, 404, "not_found_error")]
    [InlineData(ModelCallErrorCode.InvalidRequest, 400, "invalid_request_error")]
    [InlineData(ModelCallErrorCode.ContextLength, 400, "invalid_request_error")]
    [InlineData(ModelCallErrorCode.ContentPolicy, 422, "invalid_request_error")]
    [InlineData(ModelCallErrorCode.UnsupportedFeature, 422, "invalid_request_error")]
    [InlineData(ModelCallErrorCode.BudgetExceeded, 402, "billing_error")]
    [InlineData(ModelCallErrorCode.ChainExhausted, 502, "api_error")]
    public void Each_error_code_has_its_status_and_type(string code, int status, string type)
    {
        Assert.Equal((status, type), AnthropicErrors.Classify(new ModelCallError(code, "m"), [Attempt(AttemptOutcome.ServerError)]));
    }

    [Fact]
    public void Overloaded_is_529_only_when_every_attempt_was_overloaded()
    {
        var exhausted = new ModelCallError(ModelCallErrorCode.ChainExhausted, "m");

        Assert.Equal((529, "overloaded_error"), AnthropicErrors.Classify(exhausted, [Attempt(AttemptOutcome.Overloaded), Attempt(AttemptOutcome.Overloaded)]));
        Assert.Equal((502, "api_error"), AnthropicErrors.Classify(exhausted, [Attempt(AttemptOutcome.Overloaded), Attempt(AttemptOutcome.Timeout)]));
        Assert.Equal((503, "api_error"), AnthropicErrors.Classify(exhausted, [Attempt(AttemptOutcome.SkippedBreakerOpen)]));
        Assert.Equal((502, "api_error"), AnthropicErrors.Classify(exhausted, []));
    }

    [Fact]
    public void The_body_carries_the_trail_beside_the_error()
    {
        var result = new ModelCallResult("coder", null, new ModelCallError(ModelCallErrorCode.ChainExhausted, "nobody answered"), [Attempt(AttemptOutcome.Timeout)]);

        var body = AnthropicErrors.Body(AnthropicErrors.Api, "nobody answered", result);

        Assert.Equal("error", (string?)body["type"]);
        Assert.Equal("api_error", (string?)body["error"]!["type"]);
        Assert.Equal("nobody answered", (string?)body["error"]!["message"]);
        Assert.Equal("coder", (string?)body["commune"]!["profile"]);
        Assert.Equal("timeout", (string?)body["commune"]!["attempts"]![0]!["outcome"]);
    }
}
