namespace Commune.Bench.Cli;

/// <summary>The help text.</summary>
internal static class Usage
{
    public const string Text = """
        usage: Commune.Bench <command> [options]

          fake-provider --port N [--latency-ms 0] [--fail-status S]
              A fast OpenAI-compatible provider on 127.0.0.1:N: POST /v1/chat/completions (JSON, or SSE with "stream": true;
              a request that offers tools gets a tool call), GET /health, GET /stats (requests served). --fail-status answers
              every completion with status S (a dead provider).

          load --url URL --rate R --duration S [--warmup 5] [--connections 64] [--model M] [--stream] [--tools] [--header k=v]...
               [--timeout 30]
              Open-loop: sends R requests/s on a fixed schedule whatever the responses do, over at most --connections
              keep-alive connections, and measures each latency from the request's scheduled time (time spent waiting for a
              free connection included). Prints a summary on stderr and one JSON line on stdout. --tools offers two function
              tools with tool_choice "required"; only a tool-call answer counts as a success.

          saturate --url URL --concurrency C --duration S [--warmup 5] [--model M] [--stream] [--tools] [--header k=v]... [--timeout 30]
              Closed-loop: C callers, each sending its next request when the previous one answers. Reports requests/s.

        tasks [--url http://127.0.0.1:5080 | --postgres CONNECTION] [--tasks 10000] [--layers 10] [--workers 50] [--seed 42]
              [--timeout 600]
              The task benchmark. Drain: a layered DAG (each task depends on 1-2 of the layer before) drained by W workers looping
              next -> claim -> complete; then claim-only: N independent tasks claimed by W workers. With --url it drives a gateway
              over HTTP; without, it hosts a silo in this process (in memory, or on PostgreSQL with --postgres) and calls the
              grains. Reports claims/s, duplicate claims and lost tasks (both must be 0; exit 1 otherwise) as one JSON line.

        faults --url URL [--tasks 2000] [--layers 10] [--workers 20] [--seed 42] [--fault "shell command"] [--fault-after 0.3]
               [--timeout 600] [--request-timeout 120]
              The fault benchmark: the same DAG drained over HTTP, each request retried on a 5xx or a transport failure, while
              --fault (run with bash, not waited for) injects one fault once --fault-after of the graph is done. Reports lost,
              duplicated and out-of-order tasks (all must be 0; exit 1 otherwise), 5xx count, the longest request and the seconds
              until throughput is back to 80 % of the 10 s before the fault, as one JSON line.

        agents-memory [--agents 100000] [--concurrency 64] [--capabilities 2] [--hold 0]
              Memory per idle agent: hosts an embedded silo in this process, registers N agents (role worker, no profile), forces
              full collections and reports managed heap and working set per agent against a baseline, with every agent still
              activated and listed by the directory (exit 1 otherwise); then deletes the in-memory storage's copies and measures again.
              --hold keeps the process up that many seconds after measuring (for a heap dump).

        messages [--url http://127.0.0.1:5080] [--agents 1000] [--concurrency 64] [--readers 8] [--duration 10] [--warmup 3]
                 [--rate 1000000] [--burst 1000000] [--seed 42]
              Direct messages end to end: C senders in a closed loop send direct messages between random registered agents; R
              readers read and acknowledge every inbox. Reports accepted and delivered messages/s and send latency; every accepted
              message must be read exactly once from its recipient's inbox (exit 1 otherwise). Without --url it hosts an embedded
              silo with Messages:RatePerSecond/Burst set to --rate/--burst; with --url, start the gateway with those settings.

        coordination [--agents 10] [--steps 10000] [--states 4] [--permutations 200] [--null shuffle|shift] [--threads 0]
                     [--runs 7] [--seed 42]
              The full coordination report on synthetic agents (leader-follower chains plus noise, given as role labels): encode
              the labels, specialization per agent, for every pair MI, TDMI both ways and the PID of the pair's present about its
              next joint state, each with a permutation test of --permutations nulls, the group signal's practical criterion with
              its test, and emergence capacity. --threads 0 uses every core. Reports the median time and allocations of --runs
              runs after one warm-up as one JSON line.

        webhooks --url U --secret S [--prs 100] [--deliveries 5000] [--concurrency 16] [--drain-timeout 120]
              Signed GitHub deliveries (one pull_request.opened per PR, then issue_comment deliveries round-robin over the PRs) to
              a gateway started with GitHub:WebhookSecret=S and GitHub:Review:Enabled=false. Reports acknowledgement latency, the
              acknowledged and processed rates, and exits 1 unless every session applied exactly the deliveries sent to it.

        For load and saturate, URL is the full completions address, e.g. http://127.0.0.1:5080/v1/chat/completions. The request body is
        {"model": M, "messages": [{"role": "user", "content": "ping"}], "max_tokens": 16} (M defaults to bench-model).

        """;
}
