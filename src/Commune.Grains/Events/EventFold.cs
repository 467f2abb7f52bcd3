using System.Text.Json;
using System.Text.Json.Nodes;

namespace Commune.Grains.Events;

/// <summary>
/// Rebuilds a subject's state from its events: each event's data (a JSON object of the fields after the change) is merged into the
/// state, key by key, in id order — a later value replaces an earlier one, <c>null</c> included; nested objects are replaced whole, not
/// merged. Data that is not a JSON object counts as applied and changes nothing.
/// </summary>
public sealed class EventFold
{
    private readonly JsonObject _state = [];

    /// <summary>Events applied so far.</summary>
    public int Applied { get; private set; }

    /// <summary>Merges one event's data into the state.</summary>
    public void Apply(string data)
    {
        Applied++;
        JsonObject? delta;
        try
        {
            delta = JsonNode.Parse(data) as JsonObject;
        }
        catch (JsonException)
        {
            return;
        }

        if (delta is null)
        {
            return;
        }

        foreach (var key in delta.Select(p => p.Key).ToList())
        {
            // A node has one parent: detach it from the delta before it joins the state.
            var value = delta[key];
            delta.Remove(key);
            _state[key] = value;
        }
    }

    /// <summary>The state so far, as JSON object text.</summary>
    public string ToJson() => _state.ToJsonString();

    /// <summary>The fold of the data, in the order given.</summary>
    public static string Of(IEnumerable<string> data)
    {
        var fold = new EventFold();
        foreach (var item in data)
        {
            fold.Apply(item);
        }

        return fold.ToJson();
    }
}
