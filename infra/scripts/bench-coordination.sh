#!/usr/bin/env bash
# Coordination report benchmark (issue 7), on this machine: the full report for AGENTS agents × STEPS steps — every pair's MI,
# TDMI both ways and PID synergy/redundancy, each with PERMUTATIONS permutation nulls, specialization, the practical criterion with
# its test — computed in process by the measures library. RUNS timed runs after one warm-up, for each null model in NULLS.
# Prints a markdown table of the medians; raw JSON lines go to artifacts/bench-coordination/.
#   infra/scripts/bench-coordination.sh
#   AGENTS=10 STEPS=10000 PERMUTATIONS=200 RUNS=7 NULLS="shuffle shift" THREADS=0 infra/scripts/bench-coordination.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export LC_ALL=C

AGENTS=${AGENTS:-10}
STEPS=${STEPS:-10000}
PERMUTATIONS=${PERMUTATIONS:-200}
RUNS=${RUNS:-7}
NULLS=${NULLS:-"shuffle shift"}
THREADS=${THREADS:-0}

command -v jq >/dev/null || { echo "bench-coordination: jq is required" >&2; exit 1; }
dotnet build -c Release bench/Commune.Bench -v q -nologo >/dev/null
out=artifacts/bench-coordination
mkdir -p "$out"
stamp=$(date -u +%Y%m%dT%H%M%SZ)

echo "| null | agents × steps | pairs | permutations | threads | median ms | min ms | max ms | CPU ms/report | allocated MB/report |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for null in $NULLS; do
  line=$(dotnet bench/Commune.Bench/bin/Release/net10.0/Commune.Bench.dll coordination --agents "$AGENTS" --steps "$STEPS" \
    --permutations "$PERMUTATIONS" --runs "$RUNS" --null "$null" --threads "$THREADS" 2>/dev/null)
  echo "$line" >> "$out/$stamp.jsonl"
  echo "$line" | jq -r '"| \(.null) | \(.agents) × \(.steps) | \(.pairs) | \(.permutations) | \(.threads) | \(.median_ms) | \(.min_ms) | \(.max_ms) | \(.median_cpu_ms) | \(.median_allocated_mb) |"'
done
