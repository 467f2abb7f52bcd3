using Commune.Bench.Agents;
using Commune.Bench.Cli;
using Commune.Bench.Coordination;
using Commune.Bench.FakeProvider;
using Commune.Bench.Faults;
using Commune.Bench.Load;
using Commune.Bench.Tasks;
using Commune.Bench.Webhooks;

// Commune.Bench: the tools of the model-call gateway benchmark (docs/benchmarks.md, infra/scripts/bench-gateway.sh).
//   fake-provider  a fast OpenAI-compatible provider to put behind the gateways
//   load           open-loop load at a fixed rate: latency without coordinated omission
//   saturate       closed-loop load with C concurrent callers: throughput
//   tasks          the task benchmark: a DAG drained by concurrent workers, over HTTP or straight to the grains
//   faults         a DAG drained over HTTP while a shell command injects one fault: lost, doubled, out of order, 5xx, recovery
//   agents-memory  memory per idle agent with N agents registered in an in-process silo
//   messages       direct messages per second end to end, over HTTP or straight to the router grain
//   coordination   the full coordination report (all pairs, permutation tests) for A agents × T steps, in process
//   webhooks       signed GitHub deliveries to a gateway: acknowledgement latency, processing rate, nothing lost or doubled
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.Out.Write(Usage.Text);
    return args.Length == 0 ? 2 : 0;
}

try
{
    return args[0] switch
    {
        "fake-provider" => await FakeProviderCommand.RunAsync(FakeProviderOptions.Parse(args[1..])),
        "load" => await OpenLoopCommand.RunAsync(OpenLoopOptions.Parse(args[1..])),
        "saturate" => await ClosedLoopCommand.RunAsync(ClosedLoopOptions.Parse(args[1..])),
        "tasks" => await TaskDrainCommand.RunAsync(TaskDrainOptions.Parse(args[1..])),
        "faults" => await FaultDrainCommand.RunAsync(FaultDrainOptions.Parse(args[1..])),
        "agents-memory" => await AgentMemoryCommand.RunAsync(AgentMemoryOptions.Parse(args[1..])),
        "messages" => await MessageBenchCommand.RunAsync(MessageBenchOptions.Parse(args[1..])),
        "coordination" => CoordinationBenchCommand.Run(CoordinationBenchOptions.Parse(args[1..])),
        "webhooks" => await WebhookBenchCommand.RunAsync(WebhookBenchOptions.Parse(args[1..])),
        _ => throw new UsageException($"unknown command '{args[0]}'"),
    };
}
catch (UsageException ex)
{
    Console.Error.WriteLine($"Commune.Bench: {ex.Message}");
    Console.Error.Write(Usage.Text);
    return 2;
}
