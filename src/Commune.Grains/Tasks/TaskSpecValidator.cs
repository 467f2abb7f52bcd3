using System.Text.RegularExpressions;
using Commune.Tasks;

namespace Commune.Grains.Tasks;

/// <summary>Checks one task's fields; every problem names the field.</summary>
public static partial class TaskSpecValidator
{
    public const int MaxTitle = 500;
    public const int MaxDescription = 20_000;
    public const int MaxTags = 20;
    public const int MaxName = 100;

    public static IEnumerable<string> Problems(TaskSpec spec, TaskOptions options)
    {
        if (!IsId(spec.Id))
        {
            yield return $"id '{spec.Id}' must be 1–128 characters of letters, digits, '.', '_', ':' or '-'.";
        }

        if (string.IsNullOrWhiteSpace(spec.Title) || spec.Title.Length > MaxTitle)
        {
            yield return $"title is required and must be at most {MaxTitle} characters.";
        }

        if (spec.Description is { Length: > MaxDescription })
        {
            yield return $"description must be at most {MaxDescription} characters.";
        }

        if (spec.Tags.Count > MaxTags || spec.Tags.Any(t => !IsName(t)))
        {
            yield return $"tags: at most {MaxTags}, each 1–{MaxName} printable characters without spaces.";
        }

        if (spec.DependsOn.Count > options.MaxDependencies)
        {
            yield return $"depends_on has {spec.DependsOn.Count} entries; the limit is {options.MaxDependencies}.";
        }

        if (spec.DependsOn.Distinct(StringComparer.Ordinal).Count() != spec.DependsOn.Count)
        {
            yield return "depends_on lists a task more than once.";
        }

        if (spec.DependsOn.Contains(spec.Id) || spec.ParentId == spec.Id)
        {
            yield return $"task '{spec.Id}' cannot depend on or be the parent of itself.";
        }

        if (spec.DependsOn.Any(d => !IsId(d)) || (spec.ParentId is { } parent && !IsId(parent)))
        {
            yield return "depends_on and parent_id must be task ids.";
        }

        foreach (var (name, value) in new[] { ("complexity", spec.Complexity), ("required_capability", spec.RequiredCapability), ("role", spec.Role) })
        {
            if (value is not null && !IsName(value))
            {
                yield return $"{name} must be 1–{MaxName} printable characters without spaces.";
            }
        }

        if (spec.MaxAttempts < 1 || spec.MaxAttempts > options.MaxAttemptsLimit)
        {
            yield return $"max_attempts must be between 1 and {options.MaxAttemptsLimit}, not {spec.MaxAttempts}.";
        }

        foreach (var check in spec.DoneChecks)
        {
            if (!DoneCheck.Kinds.Contains(check.Kind))
            {
                yield return $"done_checks: unknown kind '{check.Kind}' (known: {string.Join(", ", DoneCheck.Kinds)}).";
            }
            else if (check.Kind == DoneCheck.ResultFields && (check.Fields is not { Count: > 0 } fields || fields.Any(string.IsNullOrWhiteSpace)))
            {
                yield return "done_checks: result_fields needs a non-empty list of field names in 'fields'.";
            }
        }

        if (spec.Input is { } input && System.Text.Encoding.UTF8.GetByteCount(input) > options.MaxResultBytes)
        {
            yield return $"input is larger than {options.MaxResultBytes} bytes.";
        }
    }

    public static bool IsId(string? id) => id is { Length: >= 1 and <= 128 } && IdPattern().IsMatch(id);

    private static bool IsName(string? value) => value is { Length: >= 1 and <= MaxName } && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex IdPattern();
}
