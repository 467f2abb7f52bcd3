using System.Text.Json;
using Commune.Coordination;

namespace Commune.Gateway.Endpoints.Coordination;

/// <summary>
/// Turns a JSON series into dense codes: an array of labels that are all strings or all integers (no fraction, no exponent).
/// Numbers with fractions are continuous values and need <c>bins</c> (quantile binning); without it they are rejected.
/// Errors are 400 for a series that is not an array and 422 for a rule about its content.
/// </summary>
public static class SeriesReader
{
    public sealed record Outcome(int[]? Codes, IResult? Problem);

    public static Outcome Read(JsonElement? element, string name, int? bins)
    {
        if (element is not { ValueKind: JsonValueKind.Array } array)
        {
            return element is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }
                ? Fail(400, $"Missing required field: {name}.")
                : Fail(400, $"{name} must be a JSON array of labels (strings or integers).");
        }
        var length = array.GetArrayLength();
        if (length == 0)
        {
            return Fail(422, $"{name} is empty; a series needs at least one sample.");
        }
        if (length > MeasureLimits.MaxSamples)
        {
            return Fail(422, $"{name} has {length} samples; at most {MeasureLimits.MaxSamples} are accepted.");
        }

        var first = array[0].ValueKind;
        if (first == JsonValueKind.String)
        {
            var labels = new string[length];
            var i = 0;
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    return Fail(422, $"{name}[{i}] is {Kind(item)} but {name}[0] is a string; a series holds labels of one type.");
                }
                labels[i++] = item.GetString()!;
            }
            return Encoded(DiscreteSeries.From(labels, StringComparer.Ordinal).Codes);
        }
        if (first != JsonValueKind.Number)
        {
            return Fail(422, $"{name}[0] is {Kind(array[0])}; labels are strings or integers.");
        }

        var integers = new long[length];
        var values = bins is null ? null : new double[length];
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number)
            {
                return Fail(422, $"{name}[{index}] is {Kind(item)} but {name}[0] is a number; a series holds labels of one type.");
            }
            if (values is not null)
            {
                // TryGetDouble refuses numbers beyond double's range (GetDouble would throw and surface as a 500).
                if (!item.TryGetDouble(out var value) || !double.IsFinite(value))
                {
                    return Fail(422, $"{name}[{index}] = {item.GetRawText()} is too large to bin.");
                }
                values[index] = value;
            }
            else if (item.TryGetInt64(out var integer))
            {
                integers[index] = integer;
            }
            else
            {
                return Fail(422, $"{name}[{index}] = {item.GetRawText()} is not an integer label; send \"bins\" to discretise continuous values into quantile bins.");
            }
            index++;
        }
        if (values is not null)
        {
            return new Outcome(Binning.Quantile(values, bins!.Value), null);
        }
        return Encoded(DiscreteSeries.From(integers).Codes);

        Outcome Encoded(int[] dense)
        {
            // Codes are dense and in order of first appearance, so the largest code + 1 is the number of distinct labels.
            var alphabet = dense.Max() + 1;
            return alphabet > MeasureLimits.MaxAlphabet
                ? Fail(422, $"{name} has {alphabet} distinct labels; at most {MeasureLimits.MaxAlphabet} are accepted.")
                : new Outcome(dense, null);
        }
    }

    /// <summary>A list of series (<c>sources</c>): each element read like a single series, named name[i].</summary>
    public static (List<int[]>? Series, IResult? Problem) ReadList(JsonElement? element, string name, int? bins)
    {
        if (element is not { ValueKind: JsonValueKind.Array } array)
        {
            return (null, element is null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined }
                ? Problem(400, $"Missing required field: {name}.")
                : Problem(400, $"{name} must be a JSON array of series."));
        }
        var list = new List<int[]>();
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var outcome = Read(item, $"{name}[{i++}]", bins);
            if (outcome.Problem is not null)
            {
                return (null, outcome.Problem);
            }
            list.Add(outcome.Codes!);
        }
        return (list, null);
    }

    public static IResult Problem(int status, string detail) =>
        Results.Problem(statusCode: status, title: "Invalid coordination measure request", detail: detail);

    private static Outcome Fail(int status, string detail) => new(null, Problem(status, detail));

    private static string Kind(JsonElement item) => item.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };
}
