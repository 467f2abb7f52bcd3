#!/usr/bin/env bash
# GitHub webhook ingestion benchmark (issue 6), on this machine, RUNS times: signed deliveries to the embedded gateway (Release build,
# in-memory storage, reviews and triage off), spread over PRS pull requests by CONCURRENCY senders.
# Prints the medians as a markdown table; raw JSON lines go to artifacts/bench-webhooks/.
#   infra/scripts/bench-webhooks.sh
#   PRS=100 DELIVERIES=5000 CONCURRENCY=16 RUNS=3 infra/scripts/bench-webhooks.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=infra/scripts/processes.sh
source infra/scripts/processes.sh
export LC_ALL=C

PRS=${PRS:-100}
DELIVERIES=${DELIVERIES:-5000}
CONCURRENCY=${CONCURRENCY:-16}
RUNS=${RUNS:-3}
SECRET=bench-secret

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
mkdir -p artifacts/bench-webhooks
out="artifacts/bench-webhooks/$(date -u +%Y%m%dT%H%M%SZ).jsonl"

for run in $(seq 1 "$RUNS"); do
  echo "run $run (load $(cut -d' ' -f1 /proc/loadavg)) ..." >&2
  port=$(free_port)
  $gateway --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning \
    --GitHub:WebhookSecret="$SECRET" --GitHub:Review:Enabled=false --GitHub:Triage:Enabled=false >"$work/gateway.log" 2>&1 &
  gw=$!; pids+=("$gw")
  wait_ready "http://127.0.0.1:$port"
  status=0
  line=$($bench webhooks --url "http://127.0.0.1:$port" --secret "$SECRET" --prs "$PRS" --deliveries "$DELIVERIES" \
    --concurrency "$CONCURRENCY" 2>"$work/bench.log") || status=$?
  stop "$gw"
  line=$(echo "$line" | grep '^{' | tail -1 || true)
  [ -n "$line" ] || { echo "bench-webhooks: no report; its log:" >&2; tail -20 "$work/bench.log" >&2; exit 1; }
  [ "$status" = 0 ] || echo "bench-webhooks: run $run FAILED its checks (exit $status): see the JSON line" >&2
  echo "$line" | jq -c --arg status "$status" '. + {exit: ($status | tonumber)}' | tee -a "$out" >&2
done

python3 - "$out" <<'EOF2'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
med = lambda k: statistics.median(r[k] for r in rows)
print("\n| PRs | deliveries | senders | runs | acked/s | processed/s | ack p50 ms | ack p90 ms | ack p99 ms | ack max ms | refused | lost | doubled |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
r0 = rows[0]
print(f"| {r0['prs']} | {r0['deliveries']:,} | {r0['concurrency']} | {len(rows)} | {med('acked_per_second'):,.0f} | {med('processed_per_second'):,.0f} "
      f"| {med('ack_p50_ms'):.2f} | {med('ack_p90_ms'):.2f} | {med('ack_p99_ms'):.2f} | {med('ack_max_ms'):.1f} "
      f"| {max(r['refused'] for r in rows)} | {max(r['lost'] for r in rows)} | {max(r['doubled'] for r in rows)} |")
EOF2
echo
echo "runs: $RUNS; raw: $out"
