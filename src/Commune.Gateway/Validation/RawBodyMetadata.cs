namespace Commune.Gateway.Validation;

/// <summary>Marks an endpoint that reads its body as raw bytes (a signed webhook): its JSON is checked by the endpoint itself.</summary>
public sealed class RawBodyMetadata
{
}

public static class RawBodyEndpointExtensions
{
    /// <summary>Leaves this endpoint's body to the endpoint; the path and query rules still apply.</summary>
    public static TBuilder ReadsRawBody<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RawBodyMetadata());
}
