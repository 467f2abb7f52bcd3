#!/usr/bin/env bash
# PostgreSQL connection slots under batch creation, on this machine: a PostgreSQL with max_connections=100 (the default), three
# Commune.Silo processes and one clustered gateway; ROUNDS rounds of BATCHES concurrent 60-task batches. Prints the HTTP status
# counts, the peak number of backends on the database and each silo's start-up connection check.
#   infra/scripts/bench-connections.sh                # Database:MaxPoolSize default (20)
#   POOL=100 infra/scripts/bench-connections.sh       # Npgsql's own default pool size
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=infra/scripts/processes.sh
source infra/scripts/processes.sh

POOL=${POOL:-}
BATCHES=${BATCHES:-8}
ROUNDS=${ROUNDS:-3}
for tool in dotnet curl python3; do
  command -v "$tool" >/dev/null || { echo "bench-connections: $tool is required" >&2; exit 1; }
done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$pgbin" ] || { echo "bench-connections: PostgreSQL server binaries are required (apt-get install postgresql)" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
pgdata="$work/pg"
mkdir -p "$pgdata"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdata"
pids=()
sampler=""
cleanup() {
  [ -n "$sampler" ] && kill "$sampler" 2>/dev/null
  for pid in "${pids[@]}"; do stop "$pid"; done
  as_postgres "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

as_postgres "$pgbin/initdb" -D "$pgdata" -U postgres -A trust -E UTF8 >/dev/null
pgport=$(free_port)
as_postgres "$pgbin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 \
  -o "-p $pgport -k $pgdata -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
psql_q() { as_postgres "$pgbin/psql" -h 127.0.0.1 -p "$pgport" -U postgres -tAq "$@"; }
psql_q -c "CREATE DATABASE bench" >/dev/null
conn="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=bench"

echo "building (Release) ..." >&2
dotnet build src/Commune.Gateway -c Release -nologo -v q >/dev/null
dotnet build src/Commune.Silo -c Release -nologo -v q >/dev/null
gateway="dotnet src/Commune.Gateway/bin/Release/net10.0/Commune.Gateway.dll"
silo="dotnet src/Commune.Silo/bin/Release/net10.0/Commune.Silo.dll"
pool=(); [ -n "$POOL" ] && pool=(--Database:MaxPoolSize="$POOL")

$silo migrate --ConnectionStrings:Commune="$conn" "${pool[@]}" >"$work/migrate.log" 2>&1
for i in 1 2 3; do
  $silo --ConnectionStrings:Commune="$conn" --Orleans:SiloPort="$(free_port)" --Orleans:GatewayPort="$(free_port)" \
    --Orleans:AdvertisedAddress=127.0.0.1 --Logging:LogLevel:Default=Warning \
    --Logging:LogLevel:Commune.Hosting.Database=Information "${pool[@]}" >"$work/silo$i.log" 2>&1 &
  pids+=("$!")
  # One after the other, so each silo's check counts the ones before it.
  for _ in $(seq 1 300); do
    [ "$(psql_q -d bench -c "SELECT count(*) FROM OrleansMembershipTable WHERE Status = 3")" -ge "$i" ] && break
    sleep 0.2
  done
done
port=$(free_port)
$gateway --ConnectionStrings:Commune="$conn" --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning "${pool[@]}" \
  >"$work/gateway.log" 2>&1 &
pids+=("$!")
wait_ready "http://127.0.0.1:$port"

( peak=0
  while true; do
    n=$(psql_q -c "SELECT count(*) FROM pg_stat_activity WHERE datname = 'bench'" 2>/dev/null || echo 0)
    [ "$n" -gt "$peak" ] && peak=$n && echo "$peak" >"$work/peak"
    sleep 0.05
  done ) &
sampler=$!
for r in $(seq 1 "$ROUNDS"); do
  curls=()
  for b in $(seq 1 "$BATCHES"); do
    # 60 tasks in chains of five.
    body=$(python3 -c "import json,sys; r,b=sys.argv[1],sys.argv[2]; print(json.dumps({'tasks':[{'id':f't{r}-{b}-{i}','title':'t','depends_on':([f't{r}-{b}-{i-1}'] if i%5 else [])} for i in range(60)]}))" "$r" "$b")
    curl -s -o /dev/null -w "%{http_code}\n" -H 'content-type: application/json' -d "$body" \
      "http://127.0.0.1:$port/v1/tasks/batch" >"$work/code-$r-$b" &
    curls+=("$!")
  done
  wait "${curls[@]}" || true
done

echo "Database:MaxPoolSize ${POOL:-default}: $((BATCHES * ROUNDS)) batches of 60 tasks; HTTP status: $(sort "$work"/code-* | uniq -c | awk '{printf "%s×%s ", $1, $2}')peak backends: $(cat "$work/peak" 2>/dev/null || echo '?')"
echo "silos that logged 'remaining connection slots are reserved': $(grep -l 'remaining connection slots' "$work"/silo*.log 2>/dev/null | wc -l)"
grep -h "client connections\|PostgreSQL connections" "$work"/silo*.log | sed 's/^ *//' || true
