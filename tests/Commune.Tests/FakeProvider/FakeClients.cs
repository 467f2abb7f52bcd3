using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Anthropic.Core;
using Commune.Tests.Infrastructure.FakeProvider;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Commune.Tests.FakeProvider;

/// <summary>The real provider SDKs pointed at a fake provider, retries off so every SDK call is exactly one request.</summary>
internal static class FakeClients
{
    public static IChatClient OpenAi(FakeProviderServer fake, string model, TimeSpan? networkTimeout = null) =>
        OpenAiClient(fake, networkTimeout).GetChatClient(model).AsIChatClient();

    public static OpenAIClient OpenAiClient(FakeProviderServer fake, TimeSpan? networkTimeout = null)
    {
        var options = new OpenAIClientOptions { Endpoint = fake.OpenAiBaseUrl, RetryPolicy = new ClientRetryPolicy(0) };
        if (networkTimeout is { } timeout)
        {
            options.NetworkTimeout = timeout;
        }

        return new OpenAIClient(new ApiKeyCredential("test"), options);
    }

    public static AnthropicClient Anthropic(FakeProviderServer fake, TimeSpan? timeout = null) => new(new ClientOptions
    {
        BaseUrl = fake.AnthropicBaseUrl.ToString(),
        ApiKey = "test",
        MaxRetries = 0,
        Timeout = timeout,
    });
}
