using System.Text.Json;
using System.Text.Json.Nodes;
using Commune.Grains.Events;
using FsCheck;
using FsCheck.Fluent;

namespace Commune.Tests.Events;

/// <summary>The replay fold: a shallow merge of JSON objects in order.</summary>
public sealed class EventFoldTests
{
    private static readonly string[] Keys = ["status", "agent_id", "epoch", "result"];

    /// <summary>A delta sets some keys to a string, a number, null or a small object.</summary>
    private static readonly Gen<Dictionary<string, string?>> Delta =
        Gen.Elements(Keys).Zip(Gen.Elements<string?>(null, "\"a\"", "\"b\"", "1", "2", "{\"x\":1}", "[1,2]"))
            .ListOf().Select(pairs => pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.Last().Item2));

    [Fact]
    public void Later_values_replace_earlier_ones_null_included_and_objects_are_replaced_whole()
    {
        var state = EventFold.Of([
            """{"status":"pending","agent_id":null,"epoch":0,"meta":{"a":1,"b":2}}""",
            """{"status":"claimed","agent_id":"agent-1","epoch":1}""",
            """{"status":"pending","agent_id":null,"epoch":2,"meta":{"a":3}}""",
        ]);

        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"status":"pending","agent_id":null,"epoch":2,"meta":{"a":3}}"""),
            JsonNode.Parse(state)));
    }

    [Fact]
    public void Data_that_is_not_an_object_counts_as_applied_and_changes_nothing()
    {
        var fold = new EventFold();
        fold.Apply("""{"status":"pending"}""");
        fold.Apply("[1,2,3]");
        fold.Apply("not json");

        Assert.Equal(3, fold.Applied);
        Assert.Equal("""{"status":"pending"}""", fold.ToJson());
    }

    [Fact]
    public void The_fold_as_of_event_k_is_the_merge_of_the_first_k_deltas()
    {
        Prop.ForAll(Delta.ListOf().ToArbitrary(), Gen.Choose(0, 20).ToArbitrary(), (deltas, k) =>
        {
            var asOf = Math.Min(k, deltas.Count);
            var model = new Dictionary<string, string?>();
            foreach (var delta in deltas.Take(asOf))
            {
                foreach (var (key, value) in delta)
                {
                    model[key] = value;
                }
            }

            var folded = JsonNode.Parse(EventFold.Of(deltas.Take(asOf).Select(Json)))!.AsObject();
            return folded.Count == model.Count && model.All(p => folded.ContainsKey(p.Key) && JsonNode.DeepEquals(folded[p.Key], p.Value is null ? null : JsonNode.Parse(p.Value)));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static string Json(Dictionary<string, string?> delta) =>
        "{" + string.Join(",", delta.Select(p => $"{JsonSerializer.Serialize(p.Key)}:{p.Value ?? "null"}")) + "}";
}
