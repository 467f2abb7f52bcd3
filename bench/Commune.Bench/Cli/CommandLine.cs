using System.Globalization;

namespace Commune.Bench.Cli;

/// <summary>
/// Options of the form <c>--name value</c> or <c>--name=value</c>, and flags (<c>--name</c>). Every option must be one the
/// command declares; a repeated option keeps all its values.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    public static CommandLine Parse(string[] args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags)
    {
        var line = new CommandLine();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string value;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (flags.Contains(name))
            {
                value = "true";
            }
            else if (i + 1 < args.Length)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value");
            }

            if (!options.Contains(name) && !flags.Contains(name))
            {
                throw new UsageException($"unknown option --{name}");
            }

            if (!line._values.TryGetValue(name, out var list))
            {
                line._values[name] = list = [];
            }

            list.Add(value);
        }

        return line;
    }

    public bool Flag(string name) => _values.ContainsKey(name);

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public string? Optional(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public string Required(string name) => Optional(name) ?? throw new UsageException($"--{name} is required");

    public int Int(string name, int? fallback = null, int min = int.MinValue)
    {
        var text = fallback is null ? Required(name) : Optional(name);
        if (text is null)
        {
            return fallback!.Value;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw new UsageException($"--{name} must be an integer of at least {min}, not '{text}'");
        }

        return value;
    }

    public double Double(string name, double? fallback = null, double min = 0)
    {
        var text = fallback is null ? Required(name) : Optional(name);
        if (text is null)
        {
            return fallback!.Value;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || !double.IsFinite(value))
        {
            throw new UsageException($"--{name} must be a number of at least {min.ToString(CultureInfo.InvariantCulture)}, not '{text}'");
        }

        return value;
    }
}
