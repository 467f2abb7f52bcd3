namespace Commune.Grains.Tasks;

/// <summary>The values of <c>Tasks:OnDependencyFailure</c>.</summary>
public static class DependencyFailurePolicy
{
    /// <summary>Dependents stay blocked, with the failed dependency named as the reason.</summary>
    public const string Block = "block";

    /// <summary>Dependents fail too, and so on down the graph.</summary>
    public const string Fail = "fail";

    public static bool IsKnown(string? value) => value is Block or Fail;
}
