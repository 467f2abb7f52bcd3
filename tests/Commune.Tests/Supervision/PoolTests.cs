using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commune.Tests.Infrastructure;

namespace Commune.Tests.Supervision;

/// <summary>Worker pools: kept at their minimum, scaled up by pending work to their maximum, idle workers retired; workers really work.</summary>
[Collection(SupervisionGatewayCollection.Name)]
public sealed class PoolTests(SupervisionGatewayFixture fixture)
{
    private SupervisionApi Api => fixture.Api;

    private static IEnumerable<JsonElement> Live(JsonElement pool) =>
        pool.GetProperty("members").EnumerateArray().Where(m => !m.GetProperty("ended").GetBoolean() && m.GetProperty("status").GetString() != "offline");

    [Fact]
    public async Task A_pool_is_kept_at_its_minimum_and_its_workers_complete_tasks_through_the_simulated_provider()
    {
        var name = TaskApi.NewPrefix("pool-min");
        var role = name + "-role";
        try
        {
            var declared = await Api.DeclarePoolAsync(new { name, role, profile = "mundane", min = 2, max = 2 });
            Assert.Equal(2, declared.GetProperty("min").GetInt32());
            await SupervisionApi.WaitAsync(() => Api.PoolAsync(name), p => Live(p).Count() == 2, TimeSpan.FromSeconds(15), "two live workers");

            var ids = Enumerable.Range(1, 3).Select(i => $"{name}-t{i}").ToArray();
            await Api.Tasks.CreateBatchAsync([.. ids.Select(id => new { id, title = "summarise " + id, description = "One line, please.", role })]);
            foreach (var id in ids)
            {
                var done = await Api.Tasks.WaitForAsync(id, t => t.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(20), "completed by a pool worker");
                var result = done.GetProperty("result");
                Assert.True(result.GetProperty("simulated").GetBoolean());
                Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("text").GetString()));
                Assert.StartsWith(name + "-", result.GetProperty("agent_id").GetString());
            }

            // A worker that ends is replaced by a new one with the next number.
            var end = await Api.Client.PostAsJsonAsync($"/v1/agents/{name}-1/end", new { reason = "test ends it" });
            Assert.Equal(HttpStatusCode.OK, end.StatusCode);
            var pool = await SupervisionApi.WaitAsync(
                () => Api.PoolAsync(name), p => Live(p).Count() == 2 && Live(p).Any(m => m.GetProperty("id").GetString() == name + "-3"),
                TimeSpan.FromSeconds(15), "a replacement worker");
            Assert.Contains(pool.GetProperty("members").EnumerateArray(), m => m.GetProperty("id").GetString() == name + "-1" && m.GetProperty("ended").GetBoolean());
            Assert.Equal("replace", pool.GetProperty("last_decision").GetProperty("action").GetString());
        }
        finally
        {
            await Api.DeletePoolAsync(name);
        }
    }

    [Fact]
    public async Task Pending_work_over_twice_the_workers_scales_a_pool_up_to_its_maximum_and_idle_workers_retire_down_to_the_minimum()
    {
        var name = TaskApi.NewPrefix("pool-scale");
        var role = name + "-role";
        try
        {
            await Api.DeclarePoolAsync(new { name, role, min = 1, max = 3, idle_retire_seconds = 1 });
            await SupervisionApi.WaitAsync(() => Api.PoolAsync(name), p => Live(p).Count() == 1, TimeSpan.FromSeconds(15), "the first worker");

            var ids = Enumerable.Range(1, 30).Select(i => $"{name}-t{i}").ToArray();
            await Api.Tasks.CreateBatchAsync([.. ids.Select(id => new { id, title = "item " + id, role })]);
            await SupervisionApi.WaitAsync(() => Api.PoolAsync(name), p => Live(p).Count() == 3, TimeSpan.FromSeconds(15), "scaling up to the maximum");

            foreach (var id in ids)
            {
                await Api.Tasks.WaitForAsync(id, t => t.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(60), "completed");
            }

            var pool = await SupervisionApi.WaitAsync(() => Api.PoolAsync(name), p => Live(p).Count() == 1, TimeSpan.FromSeconds(20), "idle workers retiring");
            Assert.Equal(3, pool.GetProperty("members").GetArrayLength()); // never above max: workers 1..3, no more
            Assert.Equal("retire", pool.GetProperty("last_decision").GetProperty("action").GetString());
            Assert.Equal(2, pool.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("ended").GetBoolean()));
        }
        finally
        {
            await Api.DeletePoolAsync(name);
        }
    }

    [Fact]
    public async Task Deleting_a_pool_retires_its_workers_and_then_it_is_gone()
    {
        var name = TaskApi.NewPrefix("pool-del");
        await Api.DeclarePoolAsync(new { name, role = name + "-role", min = 1, max = 1 });
        await SupervisionApi.WaitAsync(() => Api.PoolAsync(name), p => Live(p).Count() == 1, TimeSpan.FromSeconds(15), "the worker");

        var deleted = await Api.DeletePoolAsync(name);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await SupervisionApi.WaitAsync(() => Api.AgentAsync(name + "-1"), a => a.GetProperty("ended_at").ValueKind != JsonValueKind.Null, TimeSpan.FromSeconds(10), "the worker ending");
        await TaskApi.ProblemAsync(await Api.Client.GetAsync($"/v1/pools/{name}"), HttpStatusCode.NotFound, "not_found");
        await TaskApi.ProblemAsync(await Api.DeletePoolAsync(name), HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("""{"role":"worker","max":1}""", "name")]
    [InlineData("""{"name":"p-bad-1","role":"worker","min":3,"max":2}""", "min")]
    [InlineData("""{"name":"p-bad-2","role":"worker","min":-1,"max":2}""", "min")]
    [InlineData("""{"name":"p-bad-3","role":"worker","max":1001}""", "max")]
    [InlineData("""{"name":"p-bad-4","role":"worker"}""", "max")]
    [InlineData("""{"name":"p bad","role":"worker","max":1}""", "name")]
    [InlineData("""{"name":"p-bad-5","role":"worker","max":1,"idle_retire_seconds":-1}""", "idle_retire_seconds")]
    public async Task Invalid_pools_are_400_naming_the_field(string body, string field)
    {
        var problem = await TaskApi.ProblemAsync(await Api.Tasks.PostRawAsync("/v1/pools", body), HttpStatusCode.BadRequest, "invalid");
        Assert.Contains(field, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_pool_with_an_unknown_profile_is_422_and_changing_a_pools_role_is_409()
    {
        var name = TaskApi.NewPrefix("pool-val");
        var unknown = await Api.Client.PostAsJsonAsync("/v1/pools", new { name, role = "worker", profile = "no-such-profile", max = 1 });
        await TaskApi.ProblemAsync(unknown, HttpStatusCode.UnprocessableEntity, "invalid");
        await TaskApi.ProblemAsync(await Api.Client.GetAsync($"/v1/pools/{name}"), HttpStatusCode.NotFound, "not_found");

        try
        {
            await Api.DeclarePoolAsync(new { name, role = name + "-a", min = 0, max = 1 });
            var again = await Api.Client.PostAsJsonAsync("/v1/pools", new { name, role = name + "-a", min = 0, max = 2 });
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(2, (await Json.ReadAsync(again)).GetProperty("max").GetInt32());
            var other = await Api.Client.PostAsJsonAsync("/v1/pools", new { name, role = name + "-b", max = 1 });
            await TaskApi.ProblemAsync(other, HttpStatusCode.Conflict, "conflict");
        }
        finally
        {
            await Api.DeletePoolAsync(name);
        }
    }
}
