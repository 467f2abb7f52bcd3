using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.CoordinationAnalytics;

/// <summary>The stateless measure routes of issue 7 over real HTTP: values in bits, rule violations as 422 problems, bad JSON as 400.</summary>
public sealed class CoordinationMeasureApiTests(EmbeddedGatewayFixture fixture) : IClassFixture<EmbeddedGatewayFixture>
{
    private const double Tolerance = 1e-9;
    private HttpClient Http => fixture.Gateway.Client;

    private async Task<JsonElement> OkAsync(string route, object body)
    {
        using var response = await Http.PostAsJsonAsync($"/v1/coordination/{route}", body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json;
    }

    private async Task<string> ProblemAsync(string route, object body, HttpStatusCode status)
    {
        using var response = await Http.PostAsJsonAsync($"/v1/coordination/{route}", body);
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {json}");
        return json.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task Mutual_information_of_string_labels_copied_one_step_later()
    {
        // y repeats x one step later: at lag 1 the pairs are (x_t, x_t) for a balanced x ⇒ 1 bit; at lag 0 they are independent here.
        string[] x = ["plan", "code", "plan", "code", "code"];
        string[] y = ["idle", "plan", "code", "plan", "code"];
        var lagged = await OkAsync("mi", new { x, y, lag = 1 });
        Assert.Equal(1, lagged.GetProperty("mutual_information").GetDouble(), Tolerance);
        var jeffreys = await OkAsync("mi", new { x = new[] { 0, 1 }, y = new[] { 5, 7 }, estimator = "jeffreys" });
        // Smoothed diagonal table (3/8, 1/8, 1/8, 3/8): ¾ log2 3 − 1.
        Assert.Equal((0.75 * Math.Log2(3)) - 1, jeffreys.GetProperty("mutual_information").GetDouble(), Tolerance);
    }

    [Fact]
    public async Task Time_delayed_information_names_the_leader()
    {
        // y[t] = x[t−1] on the de Bruijn cycle 00010111: x's past tells y's future (H(3/7) bits), so x leads.
        int[] x = [0, 0, 0, 1, 0, 1, 1, 1], y = [1, 0, 0, 0, 1, 0, 1, 1];
        var d = await OkAsync("tdmi", new { x, y });
        Assert.Equal(Math.Log2(7) - (3.0 / 7 * Math.Log2(3)) - (8.0 / 7), d.GetProperty("x_to_y").GetDouble(), Tolerance);
        Assert.True(d.GetProperty("y_to_x").GetDouble() < d.GetProperty("x_to_y").GetDouble());
        Assert.Equal("x", d.GetProperty("leader").GetString());
        Assert.Equal("none", (await OkAsync("tdmi", new { x, y = x, lag = 0 })).GetProperty("leader").GetString());
    }

    [Fact]
    public async Task Pid_of_and_matches_the_hand_values_and_xor_is_synergy()
    {
        var and = await OkAsync("pid", new { sources = new[] { new[] { 0, 0, 1, 1 }, new[] { 0, 1, 0, 1 } }, target = new[] { 0, 0, 0, 1 } });
        Assert.Equal(2 - (0.75 * Math.Log2(3)), and.GetProperty("mutual_information").GetDouble(), Tolerance);
        Assert.Equal(1.5 - (0.75 * Math.Log2(3)), and.GetProperty("redundancy").GetDouble(), Tolerance);
        Assert.Equal(0.5, and.GetProperty("synergy").GetDouble(), Tolerance);
        Assert.All(and.GetProperty("unique").EnumerateArray(), u => Assert.Equal(0, u.GetDouble(), Tolerance));
        var xor = await OkAsync("pid", new { sources = new[] { new[] { "a", "a", "b", "b" }, new[] { "a", "b", "a", "b" } }, target = new[] { "no", "yes", "yes", "no" }, redundancy = "mmi" });
        Assert.Equal(1, xor.GetProperty("synergy").GetDouble(), Tolerance);
    }

    [Fact]
    public async Task Significance_floors_p_at_one_over_B_for_a_copy_and_is_reproducible_with_a_seed()
    {
        var random = new Random(5);
        var x = Enumerable.Range(0, 300).Select(_ => random.Next(4)).ToArray();
        var body = new { measure = "mi", x, y = x, permutations = 100, seed = 3 };
        var first = await OkAsync("significance", body);
        Assert.Equal(0.01, first.GetProperty("p_value").GetDouble(), 12);
        Assert.Equal(
            first.GetProperty("observed").GetDouble() - first.GetProperty("null_median").GetDouble(),
            first.GetProperty("corrected").GetDouble(), 12);
        Assert.Equal(first.ToString(), (await OkAsync("significance", body)).ToString());

        // A constant target: every null ties the observed 0 bits of synergy ⇒ p = 1.
        var pid = await OkAsync("significance", new
        {
            measure = "pid_synergy", sources = new[] { x, x.Reverse().ToArray() }, target = new int[300], permutations = 20, @null = "shift", seed = 1,
        });
        Assert.Equal(1, pid.GetProperty("p_value").GetDouble());
        var te = await OkAsync("significance", new { measure = "te", x, y = x.Skip(1).Append(0).ToArray(), permutations = 20, seed = 2 });
        Assert.InRange(te.GetProperty("p_value").GetDouble(), 0.05, 1);
    }

    [Fact]
    public async Task Specialization_reports_dominant_roles_and_the_strict_threshold()
    {
        var s = await OkAsync("specialization", new
        {
            agents = new Dictionary<string, object>
            {
                ["Coder-1"] = new[] { "code", "code", "code", "review" },
                ["generalist"] = new[] { "plan", "code", "review", "test" },
                ["numbers"] = new[] { 2, 2, 3 },
            },
        });
        var agents = s.GetProperty("agents");
        Assert.Equal("code", agents.GetProperty("Coder-1").GetProperty("dominant").GetString());
        Assert.Equal(0.75, agents.GetProperty("Coder-1").GetProperty("share").GetDouble());
        Assert.True(agents.GetProperty("Coder-1").GetProperty("specialized").GetBoolean());
        Assert.False(agents.GetProperty("generalist").GetProperty("specialized").GetBoolean());
        Assert.Equal("2", agents.GetProperty("numbers").GetProperty("dominant").GetString());
        var strict = await OkAsync("specialization", new { agents = new { a = new[] { "x", "x", "y", "y" } }, threshold = 0.5 });
        Assert.False(strict.GetProperty("agents").GetProperty("a").GetProperty("specialized").GetBoolean());
    }

    [Fact]
    public async Task Continuous_values_need_bins()
    {
        double[] x = [0.1, 0.2, 0.3, 0.4], y = [10.5, 20.5, 30.5, 40.5];
        Assert.Contains("bins", await ProblemAsync("mi", new { x, y }, HttpStatusCode.UnprocessableEntity));
        // Quantile bins of two monotone series are identical: 2 bins of 2 ⇒ 1 bit.
        Assert.Equal(1, (await OkAsync("mi", new { x, y, bins = 2 })).GetProperty("mutual_information").GetDouble(), Tolerance);
    }

    [Fact]
    public async Task A_number_beyond_double_range_is_a_422_not_a_500()
    {
        // 1e400 is valid JSON but no double: reading it must be a content rule, not an exception.
        using var response = await Http.PostAsync("/v1/coordination/mi",
            new StringContent("{\"x\": [1e400, 0.5, 0.25], \"y\": [1, 2, 3], \"bins\": 2}", Encoding.UTF8, "application/json"));
        var json = await Json.ReadAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)response.StatusCode}: {json}");
        Assert.Contains("x[0]", json.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_rules_are_422_with_the_reason()
    {
        var unprocessable = HttpStatusCode.UnprocessableEntity;
        Assert.Contains("equally long", await ProblemAsync("mi", new { x = new[] { 1, 2 }, y = new[] { 1 } }, unprocessable));
        Assert.Contains("empty", await ProblemAsync("mi", new { x = Array.Empty<int>(), y = Array.Empty<int>() }, unprocessable));
        Assert.Contains("one type", await ProblemAsync("mi", new { x = new object[] { 1, "a" }, y = new[] { 1, 2 } }, unprocessable));
        Assert.Contains("exactly two", await ProblemAsync("pid", new { sources = new[] { new[] { 0, 1 } }, target = new[] { 0, 1 } }, unprocessable));
        Assert.Contains("exactly two", await ProblemAsync("pid", new { sources = new[] { new[] { 0, 1 }, new[] { 0, 1 }, new[] { 1, 0 } }, target = new[] { 0, 1 } }, unprocessable));
        Assert.Contains("lag", await ProblemAsync("tdmi", new { x = new[] { 0, 1 }, y = new[] { 0, 1 }, lag = 2 }, unprocessable));
        Assert.Contains("lag", await ProblemAsync("mi", new { x = new[] { 0, 1 }, y = new[] { 0, 1 }, lag = -1 }, unprocessable));
        Assert.Contains("estimator", await ProblemAsync("mi", new { x = new[] { 0, 1 }, y = new[] { 0, 1 }, estimator = "kraskov" }, unprocessable));
        Assert.Contains("permutations", await ProblemAsync("significance", new { measure = "mi", x = new[] { 0, 1 }, y = new[] { 0, 1 }, permutations = 0 }, unprocessable));
        Assert.Contains("measure must be", await ProblemAsync("significance", new { measure = "vibes", x = new[] { 0, 1 }, y = new[] { 0, 1 } }, unprocessable));
        Assert.Contains("null must be", await ProblemAsync("significance", new { measure = "mi", x = new[] { 0, 1 }, y = new[] { 0, 1 }, @null = "bootstrap" }, unprocessable));
        Assert.Contains("exceeds", await ProblemAsync("significance", new { measure = "mi", x = new int[10_000], y = new int[10_000], permutations = 10_000 }, unprocessable));
        // 2048 × 2048 labels fit one table (4 Mi cells), but 100 permutations would clear and scan it 100 times: refused up front.
        var wide = Enumerable.Range(0, 2048).ToArray();
        Assert.Contains("cells", await ProblemAsync("significance", new { measure = "mi", x = wide, y = wide, permutations = 100 }, unprocessable));
        Assert.Contains("distinct labels", await ProblemAsync("mi", new { x = Enumerable.Range(0, 5000).ToArray(), y = new int[5000] }, unprocessable));
        Assert.Contains("threshold", await ProblemAsync("specialization", new { agents = new { a = new[] { "x" } }, threshold = 1.5 }, unprocessable));
        Assert.Contains("empty", await ProblemAsync("specialization", new { agents = new { a = Array.Empty<string>() } }, unprocessable));
    }

    [Fact]
    public async Task Malformed_bodies_are_400()
    {
        using var broken = await Http.PostAsync("/v1/coordination/mi", new StringContent("{\"x\": [1, 2", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("y", await ProblemAsync("mi", new { x = new[] { 1, 2 } }, HttpStatusCode.BadRequest));
        Assert.Contains("array", await ProblemAsync("pid", new { sources = "both", target = new[] { 1 } }, HttpStatusCode.BadRequest));
        Assert.Contains("measure", await ProblemAsync("significance", new { x = new[] { 1, 2 }, y = new[] { 1, 2 } }, HttpStatusCode.BadRequest));
    }
}
