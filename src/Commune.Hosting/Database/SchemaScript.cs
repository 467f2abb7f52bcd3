using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Commune.Hosting.Database;

/// <summary>One schema script from <c>infra/sql</c>, carried inside this assembly: <c>NNN_name.sql</c>.</summary>
public sealed record SchemaScript(int Version, string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "Commune.Sql.";

    /// <summary>The scripts this build knows, in the order they apply.</summary>
    public static IReadOnlyList<SchemaScript> All { get; } = Load();

    private static List<SchemaScript> Load()
    {
        var assembly = typeof(SchemaScript).Assembly;
        var scripts = new List<SchemaScript>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var separator = name.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(name[..separator], out var version))
            {
                throw new InvalidOperationException($"Schema script '{name}.sql' must be named NNN_description.sql.");
            }

            var sql = Read(assembly, resource);
            scripts.Add(new SchemaScript(version, name, sql, Hash(sql)));
        }

        scripts.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new InvalidOperationException($"Schema scripts '{scripts[i - 1].Name}' and '{scripts[i].Name}' share version {scripts[i].Version}.");
            }
        }

        return scripts;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded schema script {resource} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    // Line endings must not change the checksum: a checkout on Windows is the same script.
    private static string Hash(string sql) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql.ReplaceLineEndings("\n"))));
}
