using System.Net;
using System.Text.Json;
using Commune.Messages;
using Commune.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Commune.Tests.Coordination;

/// <summary>
/// Topics: the grain's contract on the two-silo test cluster (idempotent publish, sequences, the retention bound) and the
/// <c>GET /v1/topics/{topic}/messages</c> API on an embedded gateway.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class TopicTests(ClusterFixture cluster, EmbeddedGatewayFixture gateway) : IClassFixture<EmbeddedGatewayFixture>
{
    private HttpClient Http => gateway.Gateway.Client;

    private static string NewTopic(string prefix) => $"test:{prefix}-{Guid.NewGuid():N}";

    private static MessageEnvelope Message(string id, string payload = """{"n": 1}""", DateTimeOffset sentAt = default, int schemaVersion = 0) =>
        new(id, MessageTypes.RequestHelp, "agent-1", null, null, payload, null, sentAt, schemaVersion, 0);

    [Fact]
    public async Task Publish_assigns_increasing_sequences_and_fills_topic_sent_at_and_schema_version()
    {
        var topic = NewTopic("fill");
        var grain = cluster.Client.GetGrain<ITopicGrain>(topic);
        var sentAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var before = DateTimeOffset.UtcNow;

        var first = await grain.PublishAsync(Message("m1"));
        var second = await grain.PublishAsync(Message("m2", sentAt: sentAt, schemaVersion: 7));

        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
        Assert.Equal(topic, first.Topic);
        Assert.InRange(first.SentAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(MessageEnvelope.CurrentSchemaVersion, first.SchemaVersion);
        Assert.Equal(sentAt, second.SentAt);
        Assert.Equal(7, second.SchemaVersion);
    }

    [Fact]
    public async Task Publishing_the_same_id_again_returns_the_stored_message_without_a_new_sequence()
    {
        var grain = cluster.Client.GetGrain<ITopicGrain>(NewTopic("idempotent"));
        var stored = await grain.PublishAsync(Message("once", """{"attempt": 1}"""));
        await grain.PublishAsync(Message("other"));

        var again = await grain.PublishAsync(Message("once", """{"attempt": 2}"""));
        var all = await grain.ReadAsync(0, 100);

        Assert.Equal(stored, again);
        Assert.Equal("""{"attempt": 1}""", again.Payload);
        Assert.Equal(["once", "other"], all.Select(m => m.Id));
        Assert.Equal([1L, 2L], all.Select(m => m.Sequence));
        Assert.Equal(3, (await grain.PublishAsync(Message("third"))).Sequence);
    }

    [Fact]
    public async Task A_topic_keeps_the_newest_1000_messages_and_sequences_keep_rising_after_trimming()
    {
        var grain = cluster.Client.GetGrain<ITopicGrain>(NewTopic("bound"));
        for (var i = 1; i <= 1005; i++)
        {
            await grain.PublishAsync(Message($"m{i}", $$"""{"n": {{i}}}"""));
        }

        var kept = await grain.ReadAsync(0, 5000);
        var next = await grain.PublishAsync(Message("m1006"));

        Assert.Equal(1000, kept.Count);
        Assert.Equal(6, kept[0].Sequence);
        Assert.Equal("m6", kept[0].Id);
        Assert.Equal(1005, kept[^1].Sequence);
        Assert.Equal(1006, next.Sequence);
        Assert.Equal(1000, (await grain.ReadAsync(0, 5000)).Count);
    }

    [Fact]
    public async Task Topic_pages_oldest_first_with_after_and_limit_and_payloads_as_json()
    {
        var topic = NewTopic("paging");
        var grains = gateway.Gateway.Services.GetRequiredService<IGrainFactory>();
        for (var i = 1; i <= 5; i++)
        {
            await grains.GetGrain<ITopicGrain>(topic).PublishAsync(Message($"p{i}", $$"""{"n": {{i}}, "tags": ["x"]}"""));
        }

        var path = $"/v1/topics/{Uri.EscapeDataString(topic)}/messages";
        var first = await ReadPageAsync($"{path}?limit=2");
        var second = await ReadPageAsync($"{path}?after={first.NextAfter}&limit=2");
        var third = await ReadPageAsync($"{path}?after={second.NextAfter}");
        var empty = await ReadPageAsync($"{path}?after={third.NextAfter}");

        Assert.Equal([1L, 2L], first.Messages.Select(m => m.GetProperty("sequence").GetInt64()));
        Assert.Equal(2, first.NextAfter);
        Assert.Equal([3L, 4L], second.Messages.Select(m => m.GetProperty("sequence").GetInt64()));
        Assert.Equal([5L], third.Messages.Select(m => m.GetProperty("sequence").GetInt64()));
        Assert.Equal(5, third.NextAfter);
        Assert.Empty(empty.Messages);
        Assert.Equal(5, empty.NextAfter);

        var message = first.Messages[0];
        Assert.Equal("p1", message.GetProperty("id").GetString());
        Assert.Equal("request_help", message.GetProperty("type").GetString());
        Assert.Equal("agent-1", message.GetProperty("from").GetString());
        Assert.Equal(topic, message.GetProperty("topic").GetString());
        Assert.Equal(1, message.GetProperty("schema_version").GetInt32());
        Assert.Equal(JsonValueKind.Object, message.GetProperty("payload").ValueKind);
        Assert.Equal(1, message.GetProperty("payload").GetProperty("n").GetInt32());
        Assert.Equal("x", message.GetProperty("payload").GetProperty("tags")[0].GetString());
    }

    [Fact]
    public async Task An_unknown_topic_reads_as_an_empty_page()
    {
        var page = await ReadPageAsync($"/v1/topics/{Uri.EscapeDataString(NewTopic("empty"))}/messages?after=7");

        Assert.Empty(page.Messages);
        Assert.Equal(7, page.NextAfter);
    }

    [Theory]
    [InlineData("/v1/topics/broadcast/messages?after=-1", "after")]
    [InlineData("/v1/topics/broadcast/messages?after=abc", "after")]
    [InlineData("/v1/topics/broadcast/messages?limit=0", "limit")]
    [InlineData("/v1/topics/broadcast/messages?limit=1001", "limit")]
    [InlineData("/v1/topics/broadcast/messages?limit=ten", "limit")]
    [InlineData("/v1/topics/%01bell/messages", "printable")]
    public async Task Bad_topic_reads_get_400_problems_saying_what_was_wrong(string path, string detailContains)
    {
        using var response = await Http.GetAsync(path);
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detailContains, body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_topic_name_longer_than_the_limit_gets_a_400_problem()
    {
        using var response = await Http.GetAsync($"/v1/topics/{new string('t', Topics.MaxLength + 1)}/messages");
        var body = await Json.ReadAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"1 to {Topics.MaxLength}", body.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private async Task<(JsonElement[] Messages, long NextAfter)> ReadPageAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var page = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, page.ToString());
        return (page.GetProperty("messages").EnumerateArray().ToArray(), page.GetProperty("next_after").GetInt64());
    }
}
