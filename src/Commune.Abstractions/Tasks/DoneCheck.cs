namespace Commune.Tasks;

/// <summary>
/// A definition-of-done gate (seed 003) a completion must pass. Kinds: <c>result_fields</c> (the result is a JSON object with every
/// one of <see cref="Fields"/> present and not null), <c>review_approved</c> (a reviewer other than the worker approved), and
/// <c>result_not_empty</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("commune.tasks.DoneCheck")]
public sealed record DoneCheck([property: Id(0)] string Kind, [property: Id(1)] IReadOnlyList<string>? Fields = null)
{
    public const string ResultFields = "result_fields";
    public const string ReviewApproved = "review_approved";
    public const string ResultNotEmpty = "result_not_empty";

    public static readonly IReadOnlyList<string> Kinds = [ResultFields, ReviewApproved, ResultNotEmpty];
}
