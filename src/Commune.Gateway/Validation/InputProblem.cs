namespace Commune.Gateway.Validation;

/// <summary>
/// Why a request was refused before any endpoint saw it. The problem body carries <c>code</c> like the routes' own refusals, and
/// names what was wrong: <c>field</c> (a JSONPath into the body), <c>parameter</c> (a path or query parameter) or <c>header</c>.
/// </summary>
public sealed record InputProblem(int Status, string Title, string Detail, string Code, string Member, string Name)
{
    /// <summary>A JSON body member, by its JSONPath.</summary>
    public static InputProblem Field(string path, string reason) =>
        new(StatusCodes.Status400BadRequest, "Invalid body", $"{path} {reason}.", "invalid", "field", path);

    public static InputProblem Parameter(string title, string name, string detail) =>
        new(StatusCodes.Status400BadRequest, title, detail, "invalid", "parameter", name);

    public static InputProblem UnsupportedMediaType(string detail) =>
        new(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail, "unsupported_media_type", "header", "Content-Type");

    public IResult ToResult() => Results.Problem(
        statusCode: Status, title: Title, detail: Detail, extensions: new Dictionary<string, object?> { ["code"] = Code, [Member] = Name });
}
