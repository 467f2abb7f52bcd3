namespace Commune.Gateway.Endpoints.Coordination;

// Responses of the stateless measure routes, in bits (snake_case on the wire).

public sealed record MutualInformationResponse(double MutualInformation);

public sealed record TimeDelayedResponse(double XToY, double YToX, string Leader);

public sealed record PidResponse(double MutualInformation, double Redundancy, double[] Unique, double Synergy);

public sealed record SignificanceResponse(double Observed, double PValue, double NullMedian, double Corrected);

public sealed record SpecializationEntry(string Dominant, double Share, bool Specialized);

public sealed record SpecializationResponse(IReadOnlyDictionary<string, SpecializationEntry> Agents);
