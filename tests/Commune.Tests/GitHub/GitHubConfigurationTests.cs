using System.Net;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.GitHub;

/// <summary>GitHub settings: bad values stop start-up naming the key; without a webhook secret the webhook is refused, never open.</summary>
public sealed class GitHubConfigurationTests
{
    [Theory]
    [InlineData("GitHub:SessionLogLimit", "1")]
    [InlineData("GitHub:MaxPayloadBytes", "30000000")]
    [InlineData("GitHub:PullRequestTokenBudget", "0")]
    [InlineData("GitHub:DeliveryRetention", "00:00:05")]
    [InlineData("GitHub:ApiUrl", "ftp://example.com")]
    [InlineData("GitHub:Triage:MaxTokens", "0")]
    public async Task Invalid_github_settings_stop_the_start_naming_the_key(string key, string value)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => GatewayHost.BuildAsync(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_webhook_secret_the_webhook_answers_503_and_accepts_nothing()
    {
        await using var gateway = await GatewayHost.StartAsync();
        var hooks = new GitHubWebhookClient(gateway.Client, gateway.Client, "any-secret");
        var pr = GitHubPayloads.Unique();

        using var signed = await hooks.SendAsync("pull_request", pr.Render("pull_request.opened"));
        using var unsigned = await hooks.SendAsync("pull_request", pr.Render("pull_request.opened"), sign: false);

        foreach (var response in new[] { signed, unsigned })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var problem = await Json.ReadAsync(response);
            Assert.Equal("webhooks_disabled", problem.GetProperty("code").GetString());
            Assert.Contains("set GitHub:WebhookSecret", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Null(await hooks.SessionAsync(pr));
    }
}
