using System.Net.Http.Headers;
using System.Text;
using Anthropic;
using Anthropic.Core;
using Anthropic.Models.Messages;

namespace Commune.Tests.Anthropic;

/// <summary>The official Anthropic SDK pointed at a gateway's <c>/anthropic</c>, retries off, with the last response's headers kept.</summary>
internal sealed class AnthropicSdkClient : IDisposable
{
    private readonly HeaderRecorder _recorder = new();

    public AnthropicSdkClient(Uri gateway, string apiKey = "unused")
    {
        Client = new AnthropicClient(new ClientOptions
        {
            BaseUrl = new Uri(gateway, "/anthropic").ToString(),
            ApiKey = apiKey,
            MaxRetries = 0,
            HttpClient = new HttpClient(_recorder),
        });
    }

    public AnthropicClient Client { get; }

    /// <summary>The headers of the last response the gateway sent.</summary>
    public HttpResponseHeaders? LastHeaders => _recorder.Last;

    public string? Header(string name) => LastHeaders?.TryGetValues(name, out var values) == true ? string.Join(",", values) : null;

    public void Dispose() => Client.Dispose();

    /// <summary>A one-turn request with a user text.</summary>
    public static MessageCreateParams Ask(string model, string text = "hello", int maxTokens = 256) => new()
    {
        Model = model,
        MaxTokens = maxTokens,
        Messages = [new UserMessageParam { Content = text }],
    };

    /// <summary>Reads a whole stream, keeping every event's type and assembling the blocks as a client would.</summary>
    public static async Task<Streamed> CollectAsync(IAsyncEnumerable<RawMessageStreamEvent> stream)
    {
        var streamed = new Streamed();
        await foreach (var item in stream)
        {
            if (item.TryPickStart(out var start))
            {
                streamed.Events.Add("message_start");
                streamed.Model = start.Message.Model.Raw();
            }
            else if (item.TryPickContentBlockStart(out var blockStart))
            {
                streamed.Events.Add("content_block_start:" + blockStart.Index);
                if (blockStart.ContentBlock.TryPickToolUse(out var toolUse))
                {
                    streamed.Tools.Add(new StreamedTool(toolUse.ID, toolUse.Name, new StringBuilder()));
                }
            }
            else if (item.TryPickContentBlockDelta(out var delta))
            {
                if (delta.Delta.TryPickText(out var text))
                {
                    streamed.Events.Add("text_delta:" + delta.Index);
                    streamed.Text.Append(text.Text);
                }
                else if (delta.Delta.TryPickThinking(out var thinking))
                {
                    streamed.Events.Add("thinking_delta:" + delta.Index);
                    streamed.Thinking.Append(thinking.Thinking);
                }
                else if (delta.Delta.TryPickSignature(out var signature))
                {
                    streamed.Events.Add("signature_delta:" + delta.Index);
                    streamed.Signature.Append(signature.Signature);
                }
                else if (delta.Delta.TryPickInputJson(out var json))
                {
                    streamed.Events.Add("input_json_delta:" + delta.Index);
                    streamed.Tools[^1].Json.Append(json.PartialJson);
                }
            }
            else if (item.TryPickContentBlockStop(out var stop))
            {
                streamed.Events.Add("content_block_stop:" + stop.Index);
            }
            else if (item.TryPickDelta(out var messageDelta))
            {
                streamed.Events.Add("message_delta");
                streamed.StopReason = messageDelta.Delta.StopReason?.Raw();
                streamed.InputTokens = messageDelta.Usage.InputTokens;
                streamed.OutputTokens = messageDelta.Usage.OutputTokens;
            }
            else if (item.TryPickStop(out _))
            {
                streamed.Events.Add("message_stop");
            }
        }

        return streamed;
    }

    /// <summary>What a stream carried.</summary>
    public sealed class Streamed
    {
        public List<string> Events { get; } = [];

        public StringBuilder Text { get; } = new();

        public StringBuilder Thinking { get; } = new();

        public StringBuilder Signature { get; } = new();

        public List<StreamedTool> Tools { get; } = [];

        public string? Model { get; set; }

        public string? StopReason { get; set; }

        public long? InputTokens { get; set; }

        public long OutputTokens { get; set; }
    }

    public sealed record StreamedTool(string Id, string Name, StringBuilder Json);

    private sealed class HeaderRecorder() : DelegatingHandler(new HttpClientHandler())
    {
        public HttpResponseHeaders? Last { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Last = response.Headers;
            return response;
        }
    }
}
