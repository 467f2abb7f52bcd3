using System.Text.Json;
using Commune.Tasks;

namespace Commune.Grains.Tasks;

/// <summary>Evaluates definition-of-done checks (seed 003) deterministically: no model call decides whether work is done.</summary>
public static class DoneChecks
{
    /// <summary>Each failing check, described; empty when the completion may stand.</summary>
    public static IReadOnlyList<string> Failing(IReadOnlyList<DoneCheck> checks, string result, IReadOnlyList<TaskReview> reviews, string workerId)
    {
        var failing = new List<string>();
        foreach (var check in checks)
        {
            switch (check.Kind)
            {
                case DoneCheck.ResultNotEmpty when IsEmpty(result):
                    failing.Add("result_not_empty: the result is empty");
                    break;
                case DoneCheck.ResultFields:
                    var missing = MissingFields(result, check.Fields ?? []);
                    if (missing.Count > 0)
                    {
                        failing.Add($"result_fields: the result lacks {string.Join(", ", missing)}");
                    }

                    break;
                case DoneCheck.ReviewApproved when !reviews.Any(r => r.Approved && r.ReviewerId != workerId):
                    failing.Add("review_approved: no other agent has approved this work (submit it for review)");
                    break;
            }
        }

        return failing;
    }

    private static bool IsEmpty(string result)
    {
        if (string.IsNullOrWhiteSpace(result))
        {
            return true;
        }

        using var doc = JsonDocument.Parse(result);
        return doc.RootElement.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => true,
            JsonValueKind.String => string.IsNullOrWhiteSpace(doc.RootElement.GetString()),
            JsonValueKind.Object => !doc.RootElement.EnumerateObject().Any(),
            JsonValueKind.Array => doc.RootElement.GetArrayLength() == 0,
            _ => false,
        };
    }

    private static List<string> MissingFields(string result, IReadOnlyList<string> fields)
    {
        if (string.IsNullOrWhiteSpace(result))
        {
            return [.. fields];
        }

        using var doc = JsonDocument.Parse(result);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return [.. fields];
        }

        return fields.Where(f => !doc.RootElement.TryGetProperty(f, out var value) || value.ValueKind == JsonValueKind.Null).ToList();
    }
}
