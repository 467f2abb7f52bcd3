using System.Text.RegularExpressions;
using Commune.Tasks;

namespace Commune.Grains.Tasks;

/// <summary>Checks a pipeline before anything is written; every problem names the field. Stage task ids must stay valid task ids.</summary>
public static partial class PipelineSpecValidator
{
    public const int MaxStages = 20;

    /// <summary>Short enough that <c>{id}.{index}.{stage name}</c> stays within a task id's 128 characters.</summary>
    public const int MaxId = 64;

    public const int MaxRole = 100;
    public const int MaxCreatedBy = 128;

    public static IEnumerable<string> Problems(PipelineSpec spec, TaskOptions options)
    {
        if (spec.Id is not { Length: >= 1 and <= MaxId } || !IdPattern().IsMatch(spec.Id))
        {
            yield return $"id '{spec.Id}' must be 1–{MaxId} characters of letters, digits, '.', '_', ':' or '-'.";
        }

        if (string.IsNullOrWhiteSpace(spec.Title) || spec.Title.Length > TaskSpecValidator.MaxTitle)
        {
            yield return $"title is required and must be at most {TaskSpecValidator.MaxTitle} characters.";
        }

        if (spec.Stages is not { Count: >= 1 and <= MaxStages })
        {
            yield return $"stages must hold 1 to {MaxStages} stages, not {spec.Stages?.Count ?? 0}.";
        }

        var stages = spec.Stages ?? [];
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            if (stage is null)
            {
                yield return $"stages[{i}] is null.";
                continue;
            }

            if (stage.Name is null || !NamePattern().IsMatch(stage.Name))
            {
                yield return $"stages[{i}].name '{stage.Name}' must be 1–50 characters of letters, digits, '_' or '-'.";
            }

            if (stage.Role is not { Length: >= 1 and <= MaxRole } || stage.Role.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                yield return $"stages[{i}].role is required: 1–{MaxRole} printable characters without spaces.";
            }

            if (stage.Title is not null && (string.IsNullOrWhiteSpace(stage.Title) || stage.Title.Length > TaskSpecValidator.MaxTitle))
            {
                yield return $"stages[{i}].title must not be blank and must be at most {TaskSpecValidator.MaxTitle} characters.";
            }

            if (stage.Description is { Length: > TaskSpecValidator.MaxDescription })
            {
                yield return $"stages[{i}].description must be at most {TaskSpecValidator.MaxDescription} characters.";
            }

            if (stage.MaxAttempts is { } attempts && (attempts < 1 || attempts > options.MaxAttemptsLimit))
            {
                yield return $"stages[{i}].max_attempts must be between 1 and {options.MaxAttemptsLimit}, not {attempts}.";
            }
        }

        var repeated = stages.Where(s => s?.Name is not null).GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
        {
            yield return $"stage names must be unique; repeated: {string.Join(", ", repeated)}.";
        }

        if (spec.Input is { } input && System.Text.Encoding.UTF8.GetByteCount(input) > options.MaxResultBytes)
        {
            yield return $"input is larger than {options.MaxResultBytes} bytes.";
        }

        if (spec.CreatedBy is { Length: > MaxCreatedBy })
        {
            yield return $"created_by must be at most {MaxCreatedBy} characters.";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,50}$")]
    private static partial Regex NamePattern();
}
