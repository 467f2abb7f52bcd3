#!/usr/bin/env bash
# Agents and messages benchmark (issue 5), on this machine, RUNS times each target:
#   memory          memory per idle agent: AGENTS agents registered in a silo hosted by the benchmark process (in-memory storage)
#   grains          direct messages end to end through the router grain, in the same kind of silo: SENDERS closed-loop senders
#                   between MSG_AGENTS agents, READERS readers reading and acknowledging every inbox, DURATION s after WARMUP s
#   http            the same over HTTP against the embedded gateway (Release build), started with the raised send rate
# Prints the median of each column as markdown tables; raw JSON lines go to artifacts/bench-agents/.
#   infra/scripts/bench-agents.sh
#   AGENTS=100000 MSG_AGENTS=1000 SENDERS=64 READERS=8 DURATION=10 WARMUP=3 RATE=1000000 RUNS=3 TARGETS="memory grains http" infra/scripts/bench-agents.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=infra/scripts/processes.sh
source infra/scripts/processes.sh
export LC_ALL=C

AGENTS=${AGENTS:-100000}
MSG_AGENTS=${MSG_AGENTS:-1000}
SENDERS=${SENDERS:-64}
READERS=${READERS:-8}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
RATE=${RATE:-1000000}
RUNS=${RUNS:-3}
TARGETS=${TARGETS:-"memory grains http"}

for tool in dotnet curl jq python3; do
  command -v "$tool" >/dev/null || { echo "bench-agents: $tool is required" >&2; exit 1; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do stop "$pid"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "building (Release) ..." >&2
dotnet build bench/Commune.Bench -c Release -nologo -v q >/dev/null
dotnet build src/Commune.Gateway -c Release -nologo -v q >/dev/null
bench="dotnet bench/Commune.Bench/bin/Release/net10.0/Commune.Bench.dll"
gateway="dotnet src/Commune.Gateway/bin/Release/net10.0/Commune.Gateway.dll"
mkdir -p artifacts/bench-agents
out="artifacts/bench-agents/$(date -u +%Y%m%dT%H%M%SZ).jsonl"
margs=(--agents "$MSG_AGENTS" --concurrency "$SENDERS" --readers "$READERS" --duration "$DURATION" --warmup "$WARMUP")

for target in $TARGETS; do
  for run in $(seq 1 "$RUNS"); do
    echo "$target, run $run (load $(cut -d' ' -f1 /proc/loadavg)) ..." >&2
    status=0
    case $target in
      memory)
        line=$($bench agents-memory --agents "$AGENTS" 2>"$work/bench.log") || status=$? ;;
      grains)
        line=$($bench messages "${margs[@]}" --rate "$RATE" --burst "$RATE" 2>"$work/bench.log") || status=$? ;;
      http)
        port=$(free_port)
        $gateway --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning \
          --Messages:RatePerSecond="$RATE" --Messages:Burst="$RATE" >"$work/gateway.log" 2>&1 &
        gw=$!; pids+=("$gw")
        wait_ready "http://127.0.0.1:$port"
        line=$($bench messages "${margs[@]}" --url "http://127.0.0.1:$port" 2>"$work/bench.log") || status=$?
        stop "$gw" ;;
      *) echo "bench-agents: unknown target $target" >&2; exit 2 ;;
    esac
    line=$(echo "$line" | grep '^{' | tail -1 || true)
    [ -n "$line" ] || { echo "bench-agents: $target printed no report; its log:" >&2; tail -20 "$work/bench.log" >&2; exit 1; }
    [ "$status" = 0 ] || echo "bench-agents: $target run $run FAILED its checks (exit $status): see the JSON line" >&2
    echo "$line" | jq -c --arg target "$target" --arg status "$status" '. + {bench: $target, exit: ($status | tonumber)}' | tee -a "$out" >&2
  done
done

python3 - "$out" <<'EOF2'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
med = lambda rs, k: statistics.median(r[k] for r in rs)
mem = [r for r in rows if r["bench"] == "memory"]
if mem:
    print("\n| agents | runs | heap B/agent | GetTotalMemory B/agent | working set B/agent | heap B/agent without the storage copy | storage JSON B/agent | activations | directory | register/s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {mem[0]['agents']:,} | {len(mem)} | {med(mem,'bytes_per_agent_heap_size'):,.0f} | {med(mem,'bytes_per_agent_total_memory'):,.0f} "
          f"| {med(mem,'bytes_per_agent_working_set'):,.0f} | {med(mem,'bytes_per_agent_heap_size_without_storage_copy'):,.0f} "
          f"| {med(mem,'storage_json_bytes_per_agent'):,.0f} | {min(r['agent_activations'] for r in mem):,} | {min(r['directory_total'] for r in mem):,} "
          f"| {med(mem,'register_per_second'):,.0f} |")
msg = [r for r in rows if r["bench"] in ("grains", "http")]
if msg:
    print("\n| target | runs | accepted/s | delivered/s | p50 ms | p90 ms | p99 ms | accepted per CPU-second (in-process only) | lost | duplicates | misdelivered | refused + errors |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for t in dict.fromkeys(r["bench"] for r in msg):
        rs = [r for r in msg if r["bench"] == t]
        print(f"| {t} | {len(rs)} | {med(rs,'accepted_per_second'):,.0f} | {med(rs,'delivered_per_second'):,.0f} | {med(rs,'p50_ms'):.2f} "
              f"| {med(rs,'p90_ms'):.2f} | {med(rs,'p99_ms'):.2f} | {(format(med(rs,'accepted_per_cpu_second'), ',.0f') if t == 'grains' else '—')} | {max(r['lost'] for r in rs)} "
              f"| {max(r['duplicates'] for r in rs)} | {max(r['misdelivered'] for r in rs)} | {max(sum(r['refused'].values()) + r['errors'] for r in rs)} |")
EOF2
echo
echo "runs: $RUNS per target; raw: $out"
