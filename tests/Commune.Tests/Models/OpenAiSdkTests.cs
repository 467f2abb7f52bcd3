using System.ClientModel;
using Commune.Tests.Infrastructure;
using Commune.Tests.Infrastructure.FakeProvider;
using OpenAI;
using OpenAI.Chat;

namespace Commune.Tests.Models;

/// <summary>The official .NET OpenAI SDK, unchanged, against the running gateway.</summary>
[Collection(ModelGatewayCollection.Name)]
public sealed class OpenAiSdkTests(ModelGatewayFixture fixture)
{
    private ChatClient Client(string model) =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(fixture.Gateway.Address, "/v1") }).GetChatClient(model);

    [Fact]
    public async Task The_OpenAI_SDK_completes_through_a_profile()
    {
        fixture.Fake.Script("sdk-a", FakeReply.Ok("hello from the chain", promptTokens: 5, completionTokens: 4));

        ChatCompletion completion = await Client("sdk").CompleteChatAsync([new UserChatMessage("hi")]);

        Assert.Equal("hello from the chain", completion.Content[0].Text);
        Assert.Equal("oa1/sdk-a", completion.Model);
        Assert.Equal(9, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task The_OpenAI_SDK_streams_through_a_profile_with_usage()
    {
        fixture.Fake.Script("sdk-a", FakeReply.Ok("streamed words arrive", promptTokens: 6, completionTokens: 3));

        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        await foreach (var update in Client("sdk").CompleteChatStreamingAsync([new UserChatMessage("hi")], new ChatCompletionOptions()))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
        }

        Assert.Equal("streamed words arrive", text.ToString());
        Assert.NotNull(usage);
        Assert.Equal(9, usage.TotalTokenCount);
    }

    [Fact]
    public async Task The_OpenAI_SDK_sees_an_unknown_model_as_a_404_with_the_message()
    {
        var error = await Assert.ThrowsAsync<ClientResultException>(() => Client("no-such-profile").CompleteChatAsync([new UserChatMessage("hi")]));

        Assert.Equal(404, error.Status);
        Assert.Contains("no-such-profile", error.Message, StringComparison.Ordinal);
    }
}
