#!/usr/bin/env bash
# Fault benchmark, on this machine: PostgreSQL (default durability) + SILOS Commune.Silo processes + one clustered gateway, and a
# DAG of TASKS tasks drained over HTTP by WORKERS workers (Commune.Bench faults). Each scenario starts a fresh database and fresh
# processes and injects one fault once FAULT_AFTER of the graph is done:
#   none          no fault: the baseline of the same invocation
#   silo-kill     SIGKILL of one silo (not restarted); the time until membership declares it dead is measured too
#   pg-restart    PostgreSQL stopped with -m immediate, started again PG_DOWN seconds later
#   cluster-restart  SIGKILL of every silo, then SILOS new silos started at once (new ports, as after a host reboot)
# Prints one markdown row per run; raw JSON lines go to artifacts/bench-faults/.
#   infra/scripts/bench-faults.sh
#   TASKS=2000 WORKERS=20 SILOS=3 RUNS=1 SCENARIOS="none silo-kill pg-restart cluster-restart" infra/scripts/bench-faults.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=infra/scripts/processes.sh
source infra/scripts/processes.sh
export LC_ALL=C

TASKS=${TASKS:-2000}
LAYERS=${LAYERS:-10}
WORKERS=${WORKERS:-20}
SILOS=${SILOS:-3}
RUNS=${RUNS:-1}
FAULT_AFTER=${FAULT_AFTER:-0.3}
PG_DOWN=${PG_DOWN:-5}
SCENARIOS=${SCENARIOS:-"none silo-kill pg-restart cluster-restart"}

for tool in dotnet curl jq python3; do
  command -v "$tool" >/dev/null || { echo "bench-faults: $tool is required" >&2; exit 1; }
done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$pgbin" ] || { echo "bench-faults: PostgreSQL server binaries are required (apt-get install postgresql)" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
pids=()
pgdata="$work/pg"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# The same, spelled out for the fault commands, which run in a shell of their own.
asp=""; [ "$(id -u)" = 0 ] && asp="runuser -u postgres --"
stop_restarted() {
  if [ -f "$work/restarted.pids" ]; then
    while read -r pid; do stop "$pid"; done < "$work/restarted.pids"
    rm -f "$work/restarted.pids"
  fi
}
cleanup() {
  for pid in "${pids[@]}"; do stop "$pid"; done
  stop_restarted
  as_postgres "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$pgdata"
[ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdata"
as_postgres "$pgbin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 >/dev/null
pgport=$(free_port)
pg_start() {
  as_postgres "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
    -o "-p $pgport -k $pgdata -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
}
pg_start
psql_q() { as_postgres "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -tAq "$@"; }

echo "building (Release) ..." >&2
dotnet build bench/Commune.Bench -c Release -nologo -v q >/dev/null
dotnet build src/Commune.Gateway -c Release -nologo -v q >/dev/null
dotnet build src/Commune.Silo -c Release -nologo -v q >/dev/null
bench="dotnet bench/Commune.Bench/bin/Release/net10.0/Commune.Bench.dll"
gateway="dotnet src/Commune.Gateway/bin/Release/net10.0/Commune.Gateway.dll"
silo="dotnet src/Commune.Silo/bin/Release/net10.0/Commune.Silo.dll"
mkdir -p artifacts/bench-faults
out="artifacts/bench-faults/$(date -u +%Y%m%dT%H%M%SZ).jsonl"

for scenario in $SCENARIOS; do
  for run in $(seq 1 "$RUNS"); do
    echo "$scenario, run $run ..." >&2
    db="faults_$RANDOM$RANDOM"
    psql_q -c "CREATE DATABASE $db" >/dev/null
    conn="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=$db"
    $silo migrate --ConnectionStrings:Commune="$conn" >"$work/migrate.log" 2>&1
    silo_pids=()
    for i in $(seq 1 "$SILOS"); do
      $silo --ConnectionStrings:Commune="$conn" --Orleans:SiloPort="$(free_port)" --Orleans:GatewayPort="$(free_port)" \
        --Orleans:AdvertisedAddress=127.0.0.1 --Logging:LogLevel:Default=Warning >"$work/silo$i.log" 2>&1 &
      silo_pids+=("$!"); pids+=("$!")
    done
    port=$(free_port)
    $gateway --ConnectionStrings:Commune="$conn" --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning \
      >"$work/gateway.log" 2>&1 &
    gw=$!; pids+=("$gw")
    wait_ready "http://127.0.0.1:$port"
    # Every silo joined before the drain starts: the fault hits a full cluster.
    for _ in $(seq 1 300); do
      [ "$(psql_q -d "$db" -c "SELECT count(*) FROM OrleansMembershipTable WHERE Status = 3")" -ge "$SILOS" ] && break
      sleep 0.2
    done
    rm -f "$work/declared"
    case $scenario in
      none) fault=() ;;
      silo-kill)
        victim=${silo_pids[1]:-${silo_pids[0]}}
        fault=(--fault "t0=\$(date +%s.%N); kill -KILL $victim;
          until [ \"\$($asp $pgbin/psql -h 127.0.0.1 -p $pgport -U postgres -d $db -tAqc 'SELECT count(*) FROM OrleansMembershipTable WHERE Status = 6' 2>/dev/null || echo 0)\" -ge 1 ]; do sleep 0.2; done;
          echo \"\$(date +%s.%N) - \$t0\" | bc > $work/declared") ;;
      pg-restart)
        fault=(--fault "$asp $pgbin/pg_ctl -D $pgdata -m immediate -w stop >/dev/null; sleep $PG_DOWN;
          $asp $pgbin/pg_ctl -D $pgdata -l $pgdata/server.log -w -t 60 -o '-p $pgport -k $pgdata -c listen_addresses=127.0.0.1 -c max_connections=300' start >/dev/null") ;;
      cluster-restart)
        restart="kill -KILL ${silo_pids[*]};"
        for i in $(seq 1 "$SILOS"); do
          restart+=" $silo --ConnectionStrings:Commune='$conn' --Orleans:SiloPort=$(free_port) --Orleans:GatewayPort=$(free_port)"
          restart+=" --Orleans:AdvertisedAddress=127.0.0.1 --Logging:LogLevel:Default=Warning >$work/silo-r$i.log 2>&1 &"
          restart+=" echo \$! >> $work/restarted.pids;"
        done
        fault=(--fault "$restart") ;;
      *) echo "bench-faults: unknown scenario $scenario" >&2; exit 2 ;;
    esac
    set +e
    line=$($bench faults --url "http://127.0.0.1:$port" --tasks "$TASKS" --layers "$LAYERS" --workers "$WORKERS" \
      --fault-after "$FAULT_AFTER" "${fault[@]}" 2>"$work/bench.log")
    set -e
    line=$(echo "$line" | grep '^{' | tail -1)
    [ -n "$line" ] || { echo "bench-faults: $scenario printed no report; its log:" >&2; tail -20 "$work/bench.log" >&2; exit 1; }
    declared=$(cat "$work/declared" 2>/dev/null || echo null)
    echo "$line" | jq -c --arg s "$scenario" --argjson d "$declared" '. + {scenario: $s, declared_dead_seconds: $d}' | tee -a "$out" >&2
    stop "$gw"
    for pid in "${silo_pids[@]}"; do stop "$pid"; done
    stop_restarted
    # A restarted PostgreSQL must be up for the next scenario.
    as_postgres "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1 || pg_start
  done
done

echo
echo "| scenario | drain s | lost | duplicated | started after a dependent | 5xx | transport failures | longest request ms | longest after fault ms | declared dead s | tasks/s before fault | recovery s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
jq -r '"| \(.scenario) | \(.drain_seconds) | \(.lost) | \(.duplicated) | \(.started_after_dependent + .completed_after_dependent) | \(.server_errors) | \(.transport_failures) | \(.longest_request_ms) | \(.longest_request_after_fault_ms // "-") | \(.declared_dead_seconds // "-") | \(.throughput_before_fault) | \(.recovery_seconds // "-") |"' "$out"
echo
echo "runs: $RUNS per scenario, $TASKS tasks, $LAYERS layers, $WORKERS workers, $SILOS silos; raw: $out"
