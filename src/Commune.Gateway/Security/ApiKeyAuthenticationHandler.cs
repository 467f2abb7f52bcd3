using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using Commune.Gateway.Endpoints.Anthropic;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Commune.Gateway.Security;

/// <summary>
/// Accepts <c>Authorization: Bearer &lt;key&gt;</c>. Browsers cannot add a bearer header to the dashboard's own requests,
/// so <c>Basic</c> with the key as the password is accepted too: the browser asks once and resends it. Anthropic's clients (Claude
/// Code with <c>ANTHROPIC_API_KEY</c>, the SDKs) send <c>x-api-key: &lt;key&gt;</c>, accepted when there is no Authorization header.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeySet keys,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var apiKey = Request.Headers[ApiKeyHeader].ToString();
        if (string.IsNullOrEmpty(header) && string.IsNullOrEmpty(apiKey))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = string.IsNullOrEmpty(header) ? NullIfBlank(apiKey) : ReadKey(header);
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.Fail(string.IsNullOrEmpty(header)
                ? "The x-api-key header is blank; send a key from Gateway:ApiKeys."
                : "The Authorization header must be 'Bearer <api key>'."));
        }

        if (!keys.Contains(presented))
        {
            Logger.LogWarning("Rejected an invalid API key from {RemoteAddress} for {Path}", Context.Connection.RemoteIpAddress, Request.Path);
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "api-key"), new Claim(ApiKeyDefaults.KeyIdClaim, ApiKeySet.KeyId(presented))],
            ApiKeyDefaults.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyDefaults.Scheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append("WWW-Authenticate", "Bearer realm=\"commune\"");
        Response.Headers.Append("WWW-Authenticate", "Basic realm=\"commune\", charset=\"UTF-8\"");
        if (AnthropicErrors.Applies(Request))
        {
            // Anthropic's clients read only their own error shape.
            await AnthropicErrors.Of(StatusCodes.Status401Unauthorized, AnthropicErrors.Authentication,
                result.Failure?.Message ?? "Send 'x-api-key: <api key>' or 'Authorization: Bearer <api key>' with a key from Gateway:ApiKeys.").ExecuteAsync(Context);
            return;
        }

        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "An API key is required",
                Detail = result.Failure?.Message ?? "Send 'Authorization: Bearer <api key>' with a key from Gateway:ApiKeys.",
            },
        });
    }

    private const string ApiKeyHeader = "x-api-key";

    private static string? NullIfBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? ReadKey(string header)
    {
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var key = header["Bearer ".Length..].Trim();
            return key.Length == 0 ? null : key;
        }

        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 || colon == decoded.Length - 1 ? null : decoded[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return null;
    }
}
