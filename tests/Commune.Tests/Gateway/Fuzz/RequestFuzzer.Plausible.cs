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
            "POST /v1/chat/completions" => Chance(0.5)
                ? $"{{\"model\": {Text()}, \"messages\": [{{\"role\": \"user\", \"content\": {Text()}}}], \"stream\": {Pick(["true", "false"])}}}"
                : $"{{\"model\": {Model()}, \"messages\": [{{\"role\": \"user\", \"content\": [{{\"type\": \"text\", \"text\": {Text()}}}, " +
                  $"{{\"type\": \"image_url\", \"image_url\": {{\"url\": {Pick(["\"https://example.com/a.png\"", "\"data:image/png;base64,AAAA\"", Text()])}, \"detail\": {Text()}}}}}]}}, " +
                  $"{{\"role\": \"assistant\", \"content\": null, \"tool_calls\": [{{\"id\": {Id()}, \"type\": \"function\", \"function\": {{\"name\": {Tool()}, \"arguments\": {Text()}}}}}]}}, " +
                  $"{{\"role\": \"tool\", \"tool_call_id\": {Id()}, \"content\": {Payload()}}}], " +
                  $"\"tools\": [{{\"type\": \"function\", \"function\": {{\"name\": {Tool()}, \"parameters\": {Payload()}}}}}], \"tool_choice\": {Pick(["\"required\"", Payload()])}, " +
                  $"\"response_format\": {{\"type\": {Text()}, \"json_schema\": {{\"name\": {Tool()}, \"schema\": {Payload()}}}}}, \"stop\": {Payload()}, \"stream\": {Pick(["true", "false"])}}}",
            "POST /v1/responses" =>
                $"{{\"model\": {Model()}, \"instructions\": {Text()}, \"input\": [{{\"role\": \"user\", \"content\": {Payload()}}}, " +
                $"{{\"type\": \"function_call\", \"call_id\": {Id()}, \"name\": {Tool()}, \"arguments\": {Text()}}}, {{\"type\": \"function_call_output\", \"call_id\": {Id()}, \"output\": {Payload()}}}], " +
                $"\"tools\": [{{\"type\": {Pick(["\"function\"", "\"web_search\"", Text()])}, \"name\": {Tool()}, \"parameters\": {Payload()}}}], \"tool_choice\": {Payload()}, " +
                $"\"reasoning\": {{\"effort\": {Text()}}}, \"text\": {{\"format\": {{\"type\": {Text()}, \"name\": {Tool()}, \"schema\": {Payload()}}}}}, \"stream\": {Pick(["true", "false"])}}}",
            "POST /anthropic/v1/messages" or "POST /anthropic/v1/messages/count_tokens" =>
                $"{{\"model\": {Model()}, \"max_tokens\": {Pick(["1024", Number()])}, \"system\": {Payload()}, \"messages\": [" +
                $"{{\"role\": \"user\", \"content\": [{{\"type\": \"text\", \"text\": {Text()}}}, {{\"type\": \"image\", \"source\": {{\"type\": \"base64\", \"media_type\": {Text()}, \"data\": {Text()}}}}}]}}, " +
                $"{{\"role\": \"assistant\", \"content\": [{{\"type\": \"tool_use\", \"id\": {Id()}, \"name\": {Tool()}, \"input\": {Payload()}}}]}}, " +
                $"{{\"role\": \"user\", \"content\": [{{\"type\": \"tool_result\", \"tool_use_id\": {Id()}, \"content\": {Payload()}, \"is_error\": {Payload()}}}]}}], " +
                $"\"tools\": [{{\"name\": {Tool()}, \"input_schema\": {Payload()}}}], \"tool_choice\": {Payload()}, \"thinking\": {Payload()}, \"stream\": {Pick(["true", "false"])}}}",
            "POST /v1/pools" => $"{{\"name\": {Id()}, \"role\": \"fuzz-role\", \"profile\": {Text()}, \"min\": 0, \"max\": {Number()}}}",
            "POST /v1/agents/{id}/spawn" => $"{{\"profile\": {Text()}, \"prompt\": {Text()}, \"role\": \"fuzz-role\"}}",
            "POST /v1/sessions" => $"{{\"id\": {Id()}, \"profile\": {Text()}, \"prompt\": {Text()}, \"ttl_seconds\": {Number()}}}",
            "POST /v1/sessions/{id}/messages" => $"{{\"content\": {Text()}}}",
            _ => null,
        };
    }

    private string Id() => Quote(Pick(["fuzz-a", "fuzz-b", "fuzz-c"]));

    // A real profile and a valid tool name half the time, so tool-carrying requests get past the readers and reach the chain.
    private string Model() => Pick(["\"mundane\"", Quote(Pick(Strings))]);

    private string Tool() => Pick(["\"get_weather\"", Quote(Pick(Strings))]);
}
