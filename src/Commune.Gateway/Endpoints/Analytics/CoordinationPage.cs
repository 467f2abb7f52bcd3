namespace Commune.Gateway.Endpoints.Analytics;

/// <summary>
/// <c>GET /coordination</c>: the live coordination page, one self-contained HTML file (inline SVG charts, no CDN) embedded in the
/// gateway. The page itself holds no data, so it is served without a key; its script asks for the key when <c>/v1</c> answers 401
/// and sends it as <c>Authorization: Bearer</c>.
/// </summary>
public static class CoordinationPage
{
    private const string Resource = "Commune.Gateway.Pages.coordination.html";

    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(CoordinationPage).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The gateway assembly lacks its embedded {Resource}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapCoordinationPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/coordination", () => Results.Content(Html.Value, "text/html; charset=utf-8"))
            .WithName("CoordinationPage").WithTags("Coordination").ExcludeFromDescription();
        return app;
    }
}
