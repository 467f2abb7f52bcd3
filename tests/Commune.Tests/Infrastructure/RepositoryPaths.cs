namespace Commune.Tests.Infrastructure;

/// <summary>Where the built executables are, relative to this test assembly's output.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Grains.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, as this test assembly was built (bin/&lt;Configuration&gt;/net10.0).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string SiloAssembly => Built("Commune.Silo");

    public static string GatewayAssembly => Built("Commune.Gateway");

    private static string Built(string project)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", $"{project}.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{project} is not built at {path}; run `dotnet build` (dotnet test builds it).", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Grains.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Grains.sln not found above {AppContext.BaseDirectory}.");
    }
}
