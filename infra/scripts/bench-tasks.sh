#!/usr/bin/env bash
# Task graph benchmark (issue 4), on this machine: a DAG of TASKS tasks (LAYERS layers, each task depending on 1-2 of the layer
# before) drained by WORKERS concurrent workers looping next -> claim -> complete, then TASKS independent tasks claimed by the same
# workers (the claim path alone). Four targets, RUNS times each:
#   grains, memory       a silo hosted by the benchmark process, grains called directly, in-memory storage
#   grains, postgres     the same silo on a throwaway PostgreSQL with default durability (fsync and synchronous_commit on)
#   http, memory         the embedded gateway (dotnet run --project src/Commune.Gateway), over HTTP
#   http, postgres       PostgreSQL + one Commune.Silo process + a clustered gateway, over HTTP
# Prints the median of each column as a markdown table; raw JSON lines go to artifacts/bench-tasks/.
#   infra/scripts/bench-tasks.sh
#   TASKS=10000 LAYERS=10 WORKERS=50 RUNS=3 TARGETS="grains-memory grains-postgres http-memory http-postgres" infra/scripts/bench-tasks.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=infra/scripts/processes.sh
source infra/scripts/processes.sh
export LC_ALL=C

TASKS=${TASKS:-10000}
LAYERS=${LAYERS:-10}
WORKERS=${WORKERS:-50}
RUNS=${RUNS:-3}
TARGETS=${TARGETS:-"grains-memory grains-postgres http-memory http-postgres"}

for tool in dotnet curl jq python3; do
  command -v "$tool" >/dev/null || { echo "bench-tasks: $tool is required" >&2; exit 1; }
done

work=$(mktemp -d)
chmod 755 "$work"
pids=()
pgdata=""
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${pids[@]}"; do stop "$pid"; done
  if [ -n "$pgdata" ]; then as_postgres "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_postgres() {
  [ -n "$pgbin" ] || { echo "bench-tasks: PostgreSQL server binaries are required (apt-get install postgresql)" >&2; exit 1; }
  pgdata="$work/pg"
  mkdir -p "$pgdata"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdata"
  as_postgres "$pgbin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 >/dev/null
  pgport=$(free_port)
  as_postgres "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
    -o "-p $pgport -k $pgdata -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
}

fresh_database() {
  local name="bench_$RANDOM$RANDOM"
  as_postgres "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE $name" >/dev/null
  echo "Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$name;Maximum Pool Size=200"
}

echo "building (Release) ..." >&2
dotnet build bench/Commune.Bench -c Release -nologo -v q >/dev/null
dotnet build src/Commune.Gateway -c Release -nologo -v q >/dev/null
dotnet build src/Commune.Silo -c Release -nologo -v q >/dev/null
bench="dotnet bench/Commune.Bench/bin/Release/net10.0/Commune.Bench.dll"
gateway="dotnet src/Commune.Gateway/bin/Release/net10.0/Commune.Gateway.dll"
silo="dotnet src/Commune.Silo/bin/Release/net10.0/Commune.Silo.dll"
mkdir -p artifacts/bench-tasks
out="artifacts/bench-tasks/$(date -u +%Y%m%dT%H%M%SZ).jsonl"
args=(--tasks "$TASKS" --layers "$LAYERS" --workers "$WORKERS")

for target in $TARGETS; do
  for run in $(seq 1 "$RUNS"); do
    echo "$target, run $run ..." >&2
    case $target in
      grains-memory)
        line=$($bench tasks "${args[@]}" 2>"$work/bench.log") ;;
      grains-postgres)
        [ -n "$pgdata" ] || start_postgres
        line=$($bench tasks "${args[@]}" --postgres "$(fresh_database)" 2>"$work/bench.log") ;;
      http-memory)
        port=$(free_port)
        $gateway --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning >"$work/gateway.log" 2>&1 &
        gw=$!; pids+=("$gw")
        wait_ready "http://127.0.0.1:$port"
        line=$($bench tasks "${args[@]}" --url "http://127.0.0.1:$port" 2>"$work/bench.log")
        stop "$gw" ;;
      http-postgres)
        [ -n "$pgdata" ] || start_postgres
        conn=$(fresh_database)
        $silo migrate --ConnectionStrings:Commune="$conn" >"$work/migrate.log" 2>&1
        siloport=$(free_port); gwport=$(free_port); port=$(free_port)
        $silo --ConnectionStrings:Commune="$conn" --Orleans:SiloPort="$siloport" --Orleans:GatewayPort="$gwport" \
          --Orleans:AdvertisedAddress=127.0.0.1 --Logging:LogLevel:Default=Warning >"$work/silo.log" 2>&1 &
        s=$!; pids+=("$s")
        $gateway --ConnectionStrings:Commune="$conn" --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning \
          >"$work/gateway.log" 2>&1 &
        gw=$!; pids+=("$gw")
        wait_ready "http://127.0.0.1:$port"
        line=$($bench tasks "${args[@]}" --url "http://127.0.0.1:$port" 2>"$work/bench.log")
        stop "$gw"; stop "$s" ;;
      *) echo "bench-tasks: unknown target $target" >&2; exit 2 ;;
    esac
    line=$(echo "$line" | grep '^{' | tail -1)
    [ -n "$line" ] || { echo "bench-tasks: $target printed no report; its log:" >&2; tail -20 "$work/bench.log" >&2; exit 1; }
    echo "$line" | jq -c --arg target "$target" '. + {target: $target}' | tee -a "$out" >&2
  done
done

echo
echo "| target | claims/s (drain) | drain s | create tasks/s | claims/s (claim only) | duplicate claims | lost tasks |"
echo "|---|---|---|---|---|---|---|"
python3 - "$out" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for target in dict.fromkeys(r["target"] for r in rows):
    rs = [r for r in rows if r["target"] == target]
    med = lambda k: statistics.median(r[k] for r in rs)
    print(f"| {target} | {med('drain_claims_per_second'):,.0f} | {med('drain_seconds'):.2f} | {med('create_tasks_per_second'):,.0f} "
          f"| {med('claim_only_claims_per_second'):,.0f} | {max(r['duplicate_claims'] + r['claim_only_duplicates'] for r in rs)} "
          f"| {max(r['lost_tasks'] for r in rs)} |")
EOF
echo
echo "runs: $RUNS per target, $TASKS tasks, $LAYERS layers, $WORKERS workers; raw: $out"
