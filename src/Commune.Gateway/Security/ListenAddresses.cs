using System.Net;
using Microsoft.AspNetCore.Http;

namespace Commune.Gateway.Security;

/// <summary>The addresses the gateway is configured to listen on, read before Kestrel binds them.</summary>
public sealed class ListenAddresses
{
    public const string DefaultUrl = "http://localhost:5080";

    private ListenAddresses(IReadOnlyList<string> urls, bool isDefault)
    {
        Urls = urls;
        IsDefault = isDefault;
    }

    public IReadOnlyList<string> Urls { get; }

    /// <summary>True when nothing was configured and the gateway uses <see cref="DefaultUrl"/>.</summary>
    public bool IsDefault { get; }

    /// <summary>The configured URLs that reach beyond this machine (any host other than localhost or a loopback IP).</summary>
    public IReadOnlyList<string> NonLoopback => Urls.Where(u => !IsLoopback(u)).ToList();

    /// <summary>Collects <c>urls</c> (--urls, ASPNETCORE_URLS), Kestrel endpoints and HTTP(S)_PORTS, as Kestrel would.</summary>
    public static ListenAddresses From(IConfiguration configuration)
    {
        var urls = new List<string>();
        urls.AddRange(Split(configuration["urls"]));
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(e => e["Url"]).Where(u => !string.IsNullOrWhiteSpace(u))!);
        // Ports-only settings bind every interface.
        urls.AddRange(Split(configuration["http_ports"]).Select(p => $"http://*:{p}"));
        urls.AddRange(Split(configuration["https_ports"]).Select(p => $"https://*:{p}"));
        return urls.Count == 0 ? new([DefaultUrl], isDefault: true) : new(urls, isDefault: false);
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static bool IsLoopback(string url)
    {
        string host;
        try
        {
            host = BindingAddress.Parse(url).Host;
        }
        catch (FormatException)
        {
            return false;
        }

        host = host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
