using System.Globalization;
using System.Text.Json.Nodes;
using Commune.Models;
using Commune.Providers.Profiles;

namespace Commune.Gateway.Endpoints.Anthropic;

/// <summary>
/// <c>GET /anthropic/v1/models</c>: the ids a message's <c>model</c> can name (profiles, then priced <c>provider/model</c> ids, as
/// <c>/v1/models</c> lists them) in Anthropic's list shape, paged by <c>limit</c>, <c>after_id</c> and <c>before_id</c>.
/// </summary>
public static class AnthropicModelList
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 1000;

    // beta=true selects the SDKs' beta surface; it changes nothing about the list.
    private static readonly HashSet<string> QueryParameters = ["limit", "after_id", "before_id", "beta"];

    public static (JsonObject? Page, string? Problem) Page(CatalogSnapshot catalog, IQueryCollection query)
    {
        foreach (var key in query.Keys)
        {
            if (!QueryParameters.Contains(key))
            {
                return (null, $"The query parameter '{key}' is not supported (accepted: limit, after_id, before_id).");
            }
        }

        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var rawLimit)
            && (!int.TryParse(rawLimit.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return (null, $"limit must be an integer between 1 and {MaxLimit}.");
        }

        var after = query["after_id"].ToString();
        var before = query["before_id"].ToString();
        if (after.Length > 0 && before.Length > 0)
        {
            return (null, "Send after_id or before_id, not both.");
        }

        var entries = Entries(catalog).ToList();
        var start = 0;
        var end = entries.Count;
        foreach (var (id, isAfter) in new[] { (after, true), (before, false) })
        {
            if (id.Length == 0)
            {
                continue;
            }

            var at = entries.FindIndex(e => (string?)e["id"] == id);
            if (at < 0)
            {
                return (null, $"{(isAfter ? "after_id" : "before_id")} '{id}' is not in the model list.");
            }

            (start, end) = isAfter ? (at + 1, Math.Min(entries.Count, at + 1 + limit)) : (Math.Max(0, at - limit), at);
        }

        if (before.Length == 0)
        {
            end = Math.Min(end, start + limit);
        }

        var page = entries.GetRange(start, end - start);
        return (new JsonObject
        {
            ["data"] = new JsonArray(page.Select(e => (JsonNode)e).ToArray()),
            ["has_more"] = before.Length > 0 ? start > 0 : end < entries.Count,
            ["first_id"] = page.Count > 0 ? (string?)page[0]["id"] : null,
            ["last_id"] = page.Count > 0 ? (string?)page[^1]["id"] : null,
        }, null);
    }

    public static JsonObject? Find(CatalogSnapshot catalog, string id) => Entries(catalog).FirstOrDefault(e => (string?)e["id"] == id);

    /// <summary>Whether <paramref name="target"/> is a profile or a <c>provider/model</c> of a configured provider, as the chain resolves it.</summary>
    public static bool Knows(CatalogSnapshot catalog, string target) =>
        catalog.Profiles.Any(p => p.Name == target)
        || (ModelRef.TryParse(target, out var direct) && catalog.Providers.Any(p => p.Name == direct.Provider));

    private static IEnumerable<JsonObject> Entries(CatalogSnapshot catalog)
    {
        var created = catalog.ProfilesLoadedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        foreach (var profile in catalog.Profiles)
        {
            var chain = string.Join(" → ", profile.Chain.Select(s => s.Provider + "/" + s.Model));
            yield return Entry(profile.Name, $"{profile.Name} (Commune profile: {chain})", created);
        }

        foreach (var model in catalog.Models)
        {
            yield return Entry(model.Id, model.Id, created);
        }
    }

    private static JsonObject Entry(string id, string displayName, string created) => new()
    {
        ["type"] = "model",
        ["id"] = id,
        ["display_name"] = displayName,
        ["created_at"] = created,
    };
}
