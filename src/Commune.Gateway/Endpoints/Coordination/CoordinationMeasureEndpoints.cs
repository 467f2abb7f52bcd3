using System.Text.Json;
using Commune.Coordination;

namespace Commune.Gateway.Endpoints.Coordination;

/// <summary>
/// Stateless information measures (<c>/v1/coordination/…</c>): the caller sends series, the gateway computes in process (no
/// grain call). Values are in bits. Content rules (lengths, sizes, options) are 422 problems naming the rule; bodies that are
/// not JSON or have wrongly typed members are 400.
/// </summary>
public static class CoordinationMeasureEndpoints
{
    private const string Title = "Invalid coordination measure request";

    /// <summary>Tables above this are refused by the measures themselves (with their own 422), so the work rule leaves them to it.</summary>
    private const double EntropyMathLimit = 1 << 22;

    public static RouteGroupBuilder MapCoordinationMeasureEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/coordination/mi", MutualInformationAsync)
            .WithName("CoordinationMutualInformation")
            .WithSummary("Mutual information I(X(t); Y(t + lag)) of two label series, in bits.");
        v1.MapPost("/coordination/tdmi", TimeDelayedAsync)
            .WithName("CoordinationTimeDelayedMutualInformation")
            .WithSummary("Time-delayed mutual information in both directions and which series leads.");
        v1.MapPost("/coordination/pid", PidAsync)
            .WithName("CoordinationPartialInformation")
            .WithSummary("Williams–Beer decomposition of what two sources tell about a target: redundancy, unique, synergy.");
        v1.MapPost("/coordination/significance", SignificanceAsync)
            .WithName("CoordinationSignificance")
            .WithSummary("A measure against permutation nulls: p-value and the bias-corrected value.");
        v1.MapPost("/coordination/specialization", SpecializationAsync)
            .WithName("CoordinationSpecialization")
            .WithSummary("Each agent's dominant role, its share, and whether the agent is specialized.");
        return v1;
    }

    private static async Task<IResult> MutualInformationAsync(HttpRequest request)
    {
        const string shape = "{\"x\": [labels], \"y\": [labels], \"lag\"?: 0, \"estimator\"?: \"plugin\"|\"miller_madow\"|\"jeffreys\", \"bins\"?: k}";
        var (body, problem) = await JsonBody.ReadAsync<MutualInformationRequest>(request, shape, Title);
        if (problem is not null)
        {
            return problem;
        }
        if (ReadPair(body!.X, body.Y, body.Bins, out var x, out var y) is { } invalid)
        {
            return invalid;
        }
        if (ParseEstimator(body.Estimator, out var estimator) is { } badEstimator)
        {
            return badEstimator;
        }
        return Compute(() => new MutualInformationResponse(InformationMeasures.MutualInformation(x, y, estimator, body.Lag ?? 0)));
    }

    private static async Task<IResult> TimeDelayedAsync(HttpRequest request)
    {
        const string shape = "{\"x\": [labels], \"y\": [labels], \"lag\"?: 1, \"estimator\"?: …, \"tolerance\"?: bits, \"bins\"?: k}";
        var (body, problem) = await JsonBody.ReadAsync<TimeDelayedRequest>(request, shape, Title);
        if (problem is not null)
        {
            return problem;
        }
        if (ReadPair(body!.X, body.Y, body.Bins, out var x, out var y) is { } invalid)
        {
            return invalid;
        }
        if (ParseEstimator(body.Estimator, out var estimator) is { } badEstimator)
        {
            return badEstimator;
        }
        if (body.Tolerance is { } tolerance && !(tolerance >= 0))
        {
            return SeriesReader.Problem(422, "tolerance must be ≥ 0 bits.");
        }
        return Compute(() =>
        {
            var d = InformationMeasures.TimeDelayedMutualInformation(x, y, body.Lag ?? 1, estimator, body.Tolerance ?? DirectedInformation.DefaultTolerance);
            return new TimeDelayedResponse(d.XToY, d.YToX, d.Leader);
        });
    }

    private static async Task<IResult> PidAsync(HttpRequest request)
    {
        const string shape = "{\"sources\": [[labels], [labels]], \"target\": [labels], \"redundancy\"?: \"imin\"|\"mmi\", \"bins\"?: k}";
        var (body, problem) = await JsonBody.ReadAsync<PidRequest>(request, shape, Title);
        if (problem is not null)
        {
            return problem;
        }
        if (ReadSourcesAndTarget(body!.Sources, body.Target, body.Bins, out var sources, out var target) is { } invalid)
        {
            return invalid;
        }
        if (ParseRedundancy(body.Redundancy, out var measure) is { } badMeasure)
        {
            return badMeasure;
        }
        return Compute(() =>
        {
            var r = PartialInformation.Decompose(sources[0], sources[1], target, measure);
            return new PidResponse(r.MutualInformation, r.Redundancy, [r.Unique1, r.Unique2], r.Synergy);
        });
    }

    private static async Task<IResult> SignificanceAsync(HttpRequest request)
    {
        const string shape = "{\"measure\": \"mi\"|\"tdmi\"|\"te\"|\"pid_synergy\"|\"pid_redundancy\", \"x\", \"y\" (or \"sources\", \"target\"), "
            + "\"lag\"?, \"history\"?, \"estimator\"?, \"redundancy\"?, \"permutations\"?: 200, \"null\"?: \"shuffle\"|\"shift\", \"seed\"?, \"bins\"?}";
        var (body, problem) = await JsonBody.ReadAsync<SignificanceRequest>(request, shape, Title);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Measure is null)
        {
            return SeriesReader.Problem(400, $"Missing required field: measure. Send {shape}.");
        }
        var permutations = body.Permutations ?? 200;
        if (permutations is < 1 or > MeasureLimits.MaxPermutations)
        {
            return SeriesReader.Problem(422, $"permutations must be between 1 and {MeasureLimits.MaxPermutations} (was {permutations}).");
        }
        NullModel nullModel;
        switch (body.Null ?? "shuffle")
        {
            case "shuffle":
                nullModel = NullModel.Shuffle;
                break;
            case "shift":
                nullModel = NullModel.Shift;
                break;
            default:
                return SeriesReader.Problem(422, $"null must be \"shuffle\" or \"shift\" (was \"{body.Null}\").");
        }
        if (ParseEstimator(body.Estimator, out var estimator) is { } badEstimator)
        {
            return badEstimator;
        }
        if (ParseRedundancy(body.Redundancy, out var redundancy) is { } badRedundancy)
        {
            return badRedundancy;
        }

        int[] permuted, other;
        Func<int[], int[], double> measure;
        double cells;
        switch (body.Measure)
        {
            case "mi" or "tdmi" or "te":
            {
                if (ReadPair(body.X, body.Y, body.Bins, out permuted, out other) is { } invalid)
                {
                    return invalid;
                }
                var lag = body.Lag ?? (body.Measure == "mi" ? 0 : 1);
                var history = body.History ?? 1;
                if (history is < 1 or > MeasureLimits.MaxHistory)
                {
                    return SeriesReader.Problem(422, $"history must be between 1 and {MeasureLimits.MaxHistory} (was {history}).");
                }
                // Each permutation clears and scans the joint table, so its size counts toward the work as much as the samples do.
                double kx = permuted.Max() + 1.0, ky = other.Max() + 1.0;
                cells = body.Measure == "te" ? ky * Math.Pow(kx, history) * Math.Pow(ky, history) : kx * ky;
                measure = body.Measure switch
                {
                    "te" => (a, b) => InformationMeasures.TransferEntropy(a, b, history, estimator),
                    _ => (a, b) => InformationMeasures.MutualInformation(a, b, estimator, lag),
                };
                break;
            }
            case "pid_synergy" or "pid_redundancy":
            {
                if (ReadSourcesAndTarget(body.Sources, body.Target, body.Bins, out var sources, out var target) is { } invalid)
                {
                    return invalid;
                }
                // The target is permuted: the sources keep their joint distribution, their relation to the target is broken.
                permuted = target;
                other = target;
                cells = (sources[0].Max() + 1.0) * (sources[1].Max() + 1.0) * (target.Max() + 1.0);
                var synergy = body.Measure == "pid_synergy";
                measure = (t, _) =>
                {
                    var r = PartialInformation.Decompose(sources[0], sources[1], t, redundancy);
                    return synergy ? r.Synergy : r.Redundancy;
                };
                break;
            }
            default:
                return SeriesReader.Problem(422, $"measure must be one of mi, tdmi, te, pid_synergy, pid_redundancy (was \"{body.Measure}\").");
        }
        if ((long)permutations * permuted.Length > MeasureLimits.MaxPermutationWork)
        {
            return SeriesReader.Problem(422,
                $"permutations × samples = {(long)permutations * permuted.Length} exceeds {MeasureLimits.MaxPermutationWork}; use fewer permutations or a shorter window.");
        }
        if (permutations * cells > MeasureLimits.MaxPermutationWork && cells <= EntropyMathLimit)
        {
            return SeriesReader.Problem(422,
                $"permutations × joint-table cells = {permutations * cells:0} exceeds {MeasureLimits.MaxPermutationWork}; use fewer permutations or fewer distinct labels.");
        }
        return Compute(() =>
        {
            var r = Significance.Test(measure, permuted, other, permutations, nullModel, body.Seed);
            return new SignificanceResponse(r.Observed, r.PValue, r.NullMedian, r.Corrected);
        });
    }

    private static async Task<IResult> SpecializationAsync(HttpRequest request)
    {
        const string shape = "{\"agents\": {\"name\": [labels], …}, \"threshold\"?: 0.7}";
        var (body, problem) = await JsonBody.ReadAsync<SpecializationRequest>(request, shape, Title);
        if (problem is not null)
        {
            return problem;
        }
        if (body!.Agents is null)
        {
            return SeriesReader.Problem(400, $"Missing required field: agents. Send {shape}.");
        }
        if (body.Agents.Count == 0)
        {
            return SeriesReader.Problem(422, "agents is empty; send at least one agent's labels.");
        }
        var agents = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, element) in body.Agents)
        {
            var series = SeriesReader.Read(element, $"agents.{name}", bins: null);
            if (series.Problem is not null)
            {
                return series.Problem;
            }
            // Roles are compared by their JSON text, so 3 and "3" stay distinct only within their own series type.
            var labels = new List<string>(series.Codes!.Length);
            foreach (var item in element.EnumerateArray())
            {
                labels.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText());
            }
            agents[name] = labels;
        }
        return Compute(() =>
        {
            var result = Specialization.Measure(agents, body.Threshold ?? Specialization.DefaultThreshold);
            var entries = new Dictionary<string, SpecializationEntry>(StringComparer.Ordinal);
            foreach (var (name, s) in result)
            {
                entries[name] = new SpecializationEntry(s.Dominant, s.Share, s.Specialized);
            }
            return new SpecializationResponse(entries);
        });
    }

    /// <summary>Runs a measure; the library's argument errors (lengths, lags, table sizes, thresholds) become 422.</summary>
    private static IResult Compute<T>(Func<T> compute)
    {
        try
        {
            return Results.Ok(compute());
        }
        catch (ArgumentException ex)
        {
            return SeriesReader.Problem(422, ex.Message);
        }
    }

    private static IResult? ReadPair(JsonElement? xElement, JsonElement? yElement, int? bins, out int[] x, out int[] y)
    {
        x = y = [];
        if (BadBins(bins) is { } badBins)
        {
            return badBins;
        }
        var xs = SeriesReader.Read(xElement, "x", bins);
        if (xs.Problem is not null)
        {
            return xs.Problem;
        }
        var ys = SeriesReader.Read(yElement, "y", bins);
        if (ys.Problem is not null)
        {
            return ys.Problem;
        }
        (x, y) = (xs.Codes!, ys.Codes!);
        return x.Length == y.Length ? null : SeriesReader.Problem(422, $"x has {x.Length} samples but y has {y.Length}; the series must be equally long.");
    }

    private static IResult? ReadSourcesAndTarget(
        JsonElement? sourcesElement, JsonElement? targetElement, int? bins, out List<int[]> sources, out int[] target)
    {
        sources = [];
        target = [];
        if (BadBins(bins) is { } badBins)
        {
            return badBins;
        }
        var (list, problem) = SeriesReader.ReadList(sourcesElement, "sources", bins);
        if (problem is not null)
        {
            return problem;
        }
        if (list!.Count != 2)
        {
            return SeriesReader.Problem(422, $"sources holds {list.Count} series; the decomposition takes exactly two sources.");
        }
        var t = SeriesReader.Read(targetElement, "target", bins);
        if (t.Problem is not null)
        {
            return t.Problem;
        }
        (sources, target) = (list, t.Codes!);
        for (var i = 0; i < 2; i++)
        {
            if (sources[i].Length != target.Length)
            {
                return SeriesReader.Problem(422, $"sources[{i}] has {sources[i].Length} samples but target has {target.Length}; the series must be equally long.");
            }
        }
        return null;
    }

    private static IResult? BadBins(int? bins) => bins is < 1 or > MeasureLimits.MaxBins
        ? SeriesReader.Problem(422, $"bins must be between 1 and {MeasureLimits.MaxBins} (was {bins}).")
        : null;

    private static IResult? ParseEstimator(string? text, out Estimator estimator)
    {
        (estimator, var ok) = (text ?? "plugin") switch
        {
            "plugin" => (Estimator.Plugin, true),
            "miller_madow" => (Estimator.MillerMadow, true),
            "jeffreys" => (Estimator.Jeffreys, true),
            _ => (Estimator.Plugin, false),
        };
        return ok ? null : SeriesReader.Problem(422, $"estimator must be \"plugin\", \"miller_madow\" or \"jeffreys\" (was \"{text}\").");
    }

    private static IResult? ParseRedundancy(string? text, out RedundancyMeasure measure)
    {
        (measure, var ok) = (text ?? "imin") switch
        {
            "imin" => (RedundancyMeasure.Imin, true),
            "mmi" => (RedundancyMeasure.Mmi, true),
            _ => (RedundancyMeasure.Imin, false),
        };
        return ok ? null : SeriesReader.Problem(422, $"redundancy must be \"imin\" or \"mmi\" (was \"{text}\").");
    }
}
