namespace Commune.Tests.Gateway.Fuzz;

/// <summary>
/// Bodies shaped like the route expects (its members, of the right types, ids from a small shared pool), so some requests are
/// accepted and write state, and later ones claim, complete, message and read what the earlier ones wrote.
/// </summary>
public sealed partial class RequestFuzzer
{
    private string? Plausible(FuzzRoute route, bool poison)
    {
        string Text() => poison && Chance(0.3) ? $"\"{Pick(Poison)}\"" : Quote(Pick(Strings));
        string Payload() => Any(1, poison);
        string Epoch() => Pick(["1", "2", "0"]);
        var task = $"{{\"id\": {Id()}, \"title\": {Text()}, \"input\": {Payload()}, \"tags\": [\"fuzz\"], \"depends_on\": [{(Chance(0.3) ? Id() : "")}]}}";
        return route.Name switch
        {
            "POST /v1/tasks" => task,
            "POST /v1/tasks/batch" => $"{{\"tasks\": [{task}, {task.Replace("fuzz-", "fuzz-batch-", StringComparison.Ordinal)}]}}",
            "POST /v1/tasks/{id}/claim" => $"{{\"agent_id\": {Id()}, \"lease_seconds\": {Pick(["1", "30", "-1"])}}}",
            "POST /v1/tasks/{id}/heartbeat" or "POST /v1/tasks/{id}/release" or "POST /v1/tasks/{id}/complete" or "POST /v1/tasks/{id}/fail"
                or "POST /v1/tasks/{id}/submit" =>
                $"{{\"agent_id\": {Id()}, \"epoch\": {Epoch()}, \"result\": {Payload()}, \"error\": {Text()}, \"reason\": {Text()}}}",
            "PATCH /v1/tasks/{id}" => $"{{\"agent_id\": {Id()}, \"epoch\": {Epoch()}, \"notes\": {Text()}, \"progress\": 50, \"checkpoint\": {Payload()}}}",
            "POST /v1/tasks/{id}/review" => $"{{\"agent_id\": {Id()}, \"approved\": {Pick(["true", "false"])}, \"issues\": [{Text()}]}}",
            "POST /v1/tasks/{id}/cancel" or "POST /v1/pipelines/{id}/cancel" => $"{{\"reason\": {Text()}, \"by\": {Id()}}}",
            "POST /v1/tasks/{id}/partial_results" => $"{{\"subtask_id\": {Id()}, \"agent_id\": {Id()}, \"status\": \"completed\", \"result\": {Payload()}}}",
            "POST /v1/pipelines" => $"{{\"id\": {Id()}, \"title\": {Text()}, \"stages\": [{{\"role\": \"fuzz-role\"}}, {{\"role\": \"fuzz-role\"}}], \"input\": {Payload()}}}",
            "POST /v1/agents" => $"{{\"name\": {Id()}, \"role\": \"fuzz-role\", \"capabilities\": [{Text()}], \"subscriptions\": [\"fuzz-topic\"]}}",
            "PUT /v1/agents/{id}/status" => $"{{\"status\": {Quote(Pick(["idle", "working", "offline"]))}, \"task\": {Text()}, \"reason\": {Text()}}}",
            "POST /v1/agents/{id}/messages/ack" => $"{{\"ids\": [{Text()}]}}",
            "POST /v1/agents/{id}/subscriptions" => $"{{\"topic\": {Pick(["\"fuzz-topic\"", Text()])}}}",
            "POST /v1/messages" =>
                $"{{\"from\": {Id()}, \"type\": {Quote(Pick(["direct", "broadcast", "topic", "task_claim"]))}, \"to_agent\": {Id()}, \"to_role\": \"fuzz-role\", " +
                $"\"topic\": \"fuzz-topic\", \"payload\": {Payload()}}}",
            "POST /v1/message-types" => $"{{\"name\": {Text()}, \"required_fields\": [{Text()}], \"description\": {Text()}}}",
            "POST /v1/votes" => $"{{\"id\": {Id()}, \"question\": {Text()}, \"options\": [\"a\", {Text()}], \"voters\": [{Id()}, {Id()}]}}",
            "POST /v1/votes/{id}/ballots" => $"{{\"voter\": {Id()}, \"choice\": {Pick(["\"a\"", Text()])}, \"rationale\": {Text()}}}",
            "PUT /v1/budgets/{kind}/{id}" => $"{{\"token_limit\": {Number()}, \"cost_limit_usd\": {Number()}}}",
            "POST /v1/coordination/teams/{team}/members" => $"{{\"agents\": [{Id()}, {Text()}]}}",
            "POST /v1/coordination/teams/{team}/observations" =>
                $"{{\"observations\": [{{\"agent\": {Id()}, \"action\": {Text()}, \"role\": {Text()}, \"outcome\": {Text()}, \"step\": {Number()}}}]}}",
            "POST /v1/chat/completions" => $"{{\"model\": {Text()}, \"messages\": [{{\"role\": \"user\", \"content\": {Text()}}}], \"stream\": {Pick(["true", "false"])}}}",
            "POST /v1/pools" => $"{{\"name\": {Id()}, \"role\": \"fuzz-role\", \"profile\": {Text()}, \"min\": 0, \"max\": {Number()}}}",
            "POST /v1/agents/{id}/spawn" => $"{{\"profile\": {Text()}, \"prompt\": {Text()}, \"role\": \"fuzz-role\"}}",
            "POST /v1/sessions" => $"{{\"id\": {Id()}, \"profile\": {Text()}, \"prompt\": {Text()}, \"ttl_seconds\": {Number()}}}",
            "POST /v1/sessions/{id}/messages" => $"{{\"content\": {Text()}}}",
            _ => null,
        };
    }

    private string Id() => Quote(Pick(["fuzz-a", "fuzz-b", "fuzz-c"]));
}
