namespace Commune.Providers.Profiles;

/// <summary>
/// A concrete model on a named provider. The provider is everything before the first <c>/</c>, the model everything after:
/// <c>openrouter/google/gemini-2.5-flash</c> is provider <c>openrouter</c>, model <c>google/gemini-2.5-flash</c>.
/// </summary>
public readonly record struct ModelRef(string Provider, string Model)
{
    public override string ToString() => Provider + "/" + Model;

    /// <summary>Parses <c>provider/model</c>; false when either part is empty.</summary>
    public static bool TryParse(string? value, out ModelRef model)
    {
        model = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == value.Length - 1)
        {
            return false;
        }

        model = new ModelRef(value[..slash].Trim(), value[(slash + 1)..].Trim());
        return model.Provider.Length > 0 && model.Model.Length > 0;
    }
}
