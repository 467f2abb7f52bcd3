#!/usr/bin/env bash
# Model-call gateway overhead (issue 3), measured in one run on this machine against one fast fake OpenAI-compatible provider:
#   direct          the load generator calls the fake provider itself: the baseline
#   commune         Commune's POST /v1/chat/completions, agent "bench" = fakea/bench-model with fallback fakeb/bench-model
#   portkey         the Portkey AI gateway (bench/portkey) with a two-step fallback config to the same fake provider
#   commune, dead   Commune with fakea answering 500 (and slowly): after warm-up its breaker is open, fakeb answers
#   tools rows      direct and Commune again with two function tools, tool_choice "required" and a streamed tool-call answer;
#                   Commune's added latency is against the direct tool row of the same run
# Each at a fixed open-loop rate (latency: p50/p99 and what the gateway adds over direct), and the first three in closed-loop
# saturation (throughput). Prints a markdown table; the raw JSON lines go to artifacts/bench-gateway/.
#   infra/scripts/bench-gateway.sh
#   RATE=500 DURATION=20 WARMUP=5 PRIME=10 SAT_CONCURRENCY=64 SAT_DURATION=15 DEAD_LATENCY_MS=20 PORTKEY=1 \
#     infra/scripts/bench-gateway.sh
# PRIME: seconds of unrecorded closed-loop traffic (8 callers) that warm each freshly started server (JIT, pools) before its
# fixed-rate run, so that run does not start behind a backlog built while the server was still cold.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=infra/scripts/processes.sh
source infra/scripts/processes.sh
export LC_ALL=C

RATE=${RATE:-500}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-5}
PRIME=${PRIME:-10}
SAT_CONCURRENCY=${SAT_CONCURRENCY:-64}
SAT_DURATION=${SAT_DURATION:-15}
DEAD_LATENCY_MS=${DEAD_LATENCY_MS:-20}
PORTKEY=${PORTKEY:-1}

for tool in dotnet curl jq python3; do
  command -v "$tool" >/dev/null || { echo "bench-gateway: $tool is required" >&2; exit 1; }
done
if [ "$PORTKEY" = 1 ] && ! command -v npm >/dev/null; then
  echo "bench-gateway: npm is required for the Portkey rows (or run with PORTKEY=0)" >&2; exit 1
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do stop "$pid"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


# wait_until_ok NAME PID URL: polls URL until 200; fails (with the log's tail) if the process exits or 120 s pass.
wait_until_ok() {
  local name=$1 pid=$2 url=$3
  for _ in $(seq 1 1200); do
    curl -fs -o /dev/null --max-time 2 "$url" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "bench-gateway: $name exited before it was ready; its log:" >&2
      tail -n 30 "$work/$name.log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "bench-gateway: $name not ready after 120 s at $url" >&2
  return 1
}

echo "== building (Release)" >&2
dotnet build bench/Commune.Bench -c Release -v q -nologo >/dev/null
dotnet build src/Commune.Gateway -c Release -v q -nologo >/dev/null
bench=(dotnet bench/Commune.Bench/bin/Release/net10.0/Commune.Bench.dll)
gateway_dll=src/Commune.Gateway/bin/Release/net10.0/Commune.Gateway.dll
installed=bench/portkey/node_modules/.package-lock.json
if [ "$PORTKEY" = 1 ] && { [ ! -f "$installed" ] || [ bench/portkey/package-lock.json -nt "$installed" ]; }; then
  echo "== installing Portkey (npm ci in bench/portkey)" >&2
  # --ignore-scripts: the package's only install script is patch-package, and it ships no patches.
  (cd bench/portkey && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
fi

out_dir=artifacts/bench-gateway
mkdir -p "$out_dir"
results="$out_dir/$(date -u +%Y%m%dT%H%M%SZ).jsonl"
: >"$results"

# measure NAME KIND ARGS...: runs `Commune.Bench KIND ARGS`; its JSON line goes to $work/NAME.json and the results file.
measure() {
  local name=$1; shift
  echo "== $name: $*" >&2
  if "${bench[@]}" "$@" >"$work/$name.json"; then
    jq -c --arg row "$name" '{row: $row} + .' "$work/$name.json" >>"$results"
  else
    echo "bench-gateway: $name: the load generator failed" >&2
    rm -f "$work/$name.json"
  fi
}
fixed() { local name=$1 url=$2; shift 2; measure "$name" load --url "$url" --rate "$RATE" --duration "$DURATION" --warmup "$WARMUP" "$@"; }
prime() { # prime URL [ARGS...]: unrecorded traffic to a freshly started server
  local url=$1; shift
  echo "== priming $url for $PRIME s" >&2
  "${bench[@]}" saturate --url "$url" --concurrency 8 --duration "$PRIME" --warmup 0 "$@" >/dev/null 2>&1 || true
}
saturate() { local name=$1 url=$2; shift 2; measure "$name" saturate --url "$url" --concurrency "$SAT_CONCURRENCY" --duration "$SAT_DURATION" --warmup "$WARMUP" "$@"; }
completions() { curl -fs "$1/stats" | jq -r .completions; }

start_fake() { # start_fake NAME PORT [ARGS...]
  local name=$1 port=$2; shift 2
  "${bench[@]}" fake-provider --port "$port" "$@" >"$work/$name.log" 2>&1 &
  pids+=("$!")
  wait_until_ok "$name" "$!" "http://127.0.0.1:$port/health"
}

body='{"model":"bench","messages":[{"role":"user","content":"ping"}],"max_tokens":16}'
commune_note=""
# start_commune NAME PRIMARY_BASE_URL FALLBACK_BASE_URL: the gateway per the benchmark's contract; sets commune_pid and commune_url.
start_commune() {
  local name=$1 primary=$2 fallback=$3 port silo_port orleans_gateway_port
  port=$(free_port); silo_port=$(free_port); orleans_gateway_port=$(free_port)
  Providers__fakea__Kind=openai Providers__fakea__BaseUrl="$primary" Providers__fakea__ApiKey=bench \
  Providers__fakeb__Kind=openai Providers__fakeb__BaseUrl="$fallback" Providers__fakeb__ApiKey=bench \
  Agents__bench__model=fakea/bench-model Agents__bench__fallbacks__0=fakeb/bench-model \
  Logging__LogLevel__Default=Warning Logging__LogLevel__Commune=Warning \
  Orleans__SiloPort="$silo_port" Orleans__GatewayPort="$orleans_gateway_port" \
    dotnet "$gateway_dll" --urls "http://127.0.0.1:$port" >"$work/$name.log" 2>&1 &
  commune_pid=$!
  pids+=("$commune_pid")
  commune_url="http://127.0.0.1:$port/v1/chat/completions"
  wait_until_ok "$name" "$commune_pid" "http://127.0.0.1:$port/health/ready"
}
# commune_answers: one request; true on 200. Otherwise explains why in commune_note.
commune_answers() {
  local status
  status=$(curl -s -o "$work/probe.txt" -w '%{http_code}' --max-time 30 -H 'content-type: application/json' -d "$body" "$commune_url" || true)
  [ "$status" = 200 ] && return 0
  if [ "$status" = 404 ]; then
    commune_note="Commune's POST /v1/chat/completions answered 404: this build has no chat endpoint yet, so its rows are empty."
  else
    commune_note="Commune's POST /v1/chat/completions answered ${status:-nothing}: $(head -c 300 "$work/probe.txt" | tr '\n' ' ')"
  fi
  echo "bench-gateway: $commune_note" >&2
  return 1
}

load_before=$(cut -d' ' -f1 /proc/loadavg)
echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)" >&2
fake_port=$(free_port); dead_port=$(free_port)
start_fake fake "$fake_port"
start_fake fake-dead "$dead_port" --fail-status 500 --latency-ms "$DEAD_LATENCY_MS"
fake_base="http://127.0.0.1:$fake_port/v1"
dead_base="http://127.0.0.1:$dead_port/v1"

# (a) direct, plain and with two tools answered by a streamed tool call
prime "$fake_base/chat/completions"
fixed direct "$fake_base/chat/completions"
saturate direct-sat "$fake_base/chat/completions"
fixed direct-tools "$fake_base/chat/completions" --tools --stream
saturate direct-tools-sat "$fake_base/chat/completions" --tools --stream

# (b) Commune, both providers healthy
if ! start_commune commune "$fake_base" "$fake_base"; then
  commune_note="Commune's gateway did not start (its log is above), so its rows are empty."
elif commune_answers; then
  prime "$commune_url" --model bench
  fixed commune "$commune_url" --model bench
  saturate commune-sat "$commune_url" --model bench
  prime "$commune_url" --model bench --tools --stream
  fixed commune-tools "$commune_url" --model bench --tools --stream
  saturate commune-tools-sat "$commune_url" --model bench --tools --stream
fi
stop "$commune_pid"

# (c) Portkey
if [ "$PORTKEY" = 1 ]; then
  portkey_port=$(free_port)
  portkey_config=$(jq -c --arg url "$fake_base" '.targets[].custom_host = $url' bench/portkey/fallback-config.json)
  (cd bench/portkey && exec node node_modules/@portkey-ai/gateway/build/start-server.js --port="$portkey_port" --headless) \
    >"$work/portkey.log" 2>&1 &
  portkey_pid=$!
  pids+=("$portkey_pid")
  if wait_until_ok portkey "$portkey_pid" "http://127.0.0.1:$portkey_port/"; then
    portkey_url="http://127.0.0.1:$portkey_port/v1/chat/completions"
    prime "$portkey_url" --header "x-portkey-config=$portkey_config"
    fixed portkey "$portkey_url" --header "x-portkey-config=$portkey_config"
    saturate portkey-sat "$portkey_url" --header "x-portkey-config=$portkey_config"
  fi
  stop "$portkey_pid"
fi

# (d) Commune, primary dead: every call to fakea fails with 500 after DEAD_LATENCY_MS, so a request that touched it would
# show it. Ten requests open the breaker (it opens after five consecutive failures), then the measured run.
dead_calls=""
if start_commune commune-dead "$dead_base" "$fake_base" && commune_answers; then
  for _ in $(seq 1 10); do curl -s -o /dev/null --max-time 30 -H 'content-type: application/json' -d "$body" "$commune_url" || true; done
  prime "$commune_url" --model bench
  before=$(completions "http://127.0.0.1:$dead_port")
  fixed commune-dead "$commune_url" --model bench
  dead_calls=$(( $(completions "http://127.0.0.1:$dead_port") - before ))
fi
stop "$commune_pid"

# ---- report --------------------------------------------------------------------------------------------------------------
get() { [ -f "$work/$1.json" ] && jq -r "$2 // empty" "$work/$1.json" || true; }
num() { if [ -n "$1" ]; then printf "%.${2:-2}f" "$1"; else printf -- "—"; fi; }
diff_ms() { if [ -n "$1" ] && [ -n "$2" ]; then awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.2f", a - b }'; else printf -- "—"; fi; }
ratio() { if [ -n "$1" ] && [ -n "$2" ]; then awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f×", a / b; else printf "—" }'; else printf -- "—"; fi; }
# verdict AWK_CONDITION: "met" or "missed"; an empty condition means a number is missing.
verdict() { if [ -z "$1" ]; then echo "not measured"; elif awk "BEGIN { exit !($1) }"; then echo "**met**"; else echo "**missed**"; fi; }

d50=$(get direct .p50_ms); d99=$(get direct .p99_ms)
row() { # row NAME LABEL [SAT_NAME] [BASELINE]: added is against BASELINE (default direct) of the same run
  local name=$1 label=$2 sat=${3:-} base=${4:-direct} p50 p99 errors requests d50 d99
  p50=$(get "$name" .p50_ms); p99=$(get "$name" .p99_ms)
  d50=$(get "$base" .p50_ms); d99=$(get "$base" .p99_ms)
  errors=$(get "$name" .errors); requests=$(get "$name" .requests)
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" \
    "$(num "$p50")" "$(num "$(get "$name" .p90_ms)")" "$(num "$p99")" "$(num "$(get "$name" .max_ms)" 1)" \
    "$( [ "$name" = "$base" ] && echo "—" || diff_ms "$p50" "$d50")" "$( [ "$name" = "$base" ] && echo "—" || diff_ms "$p99" "$d99")" \
    "$( [ -n "$requests" ] && echo "$errors / $requests" || echo "—")" \
    "$( [ -n "$sat" ] && num "$(get "$sat" .throughput_rps)" 0 || echo "—")"
}

c50=$(get commune .p50_ms); c99=$(get commune .p99_ms)
csat=$(get commune-sat .throughput_rps); psat=$(get portkey-sat .throughput_rps)
x50=$(get commune-dead .p50_ms); x99=$(get commune-dead .p99_ms); xreq=$(get commune-dead .requests)

echo
echo "### Model-call gateway overhead: $(date -u +%Y-%m-%d), $(nproc) cores, commit $(git rev-parse --short HEAD)"
echo
echo "Open loop at $RATE req/s for $DURATION s (after $WARMUP s warm-up), latency in ms from each request's scheduled send to its"
echo "last byte; saturation: $SAT_CONCURRENCY closed-loop callers for $SAT_DURATION s. Added = row minus direct, same run."
echo "1-minute load average $load_before at the start, $(cut -d' ' -f1 /proc/loadavg) at the end (this script's own work included)."
echo
echo "| target | p50 | p90 | p99 | max | added p50 | added p99 | errors / requests | saturation req/s |"
echo "|---|---|---|---|---|---|---|---|---|"
row direct "direct to the fake provider" direct-sat
row commune "Commune (fallback chain fakea → fakeb)" commune-sat
[ "$PORTKEY" = 1 ] && row portkey "Portkey $(jq -r '.dependencies["@portkey-ai/gateway"]' bench/portkey/package.json) (fallback config, 2 targets)" portkey-sat
row commune-dead "Commune, fakea dead (breaker open)"
row direct-tools "direct, 2 tools, streamed tool call" direct-tools-sat direct-tools
row commune-tools "Commune, 2 tools, streamed tool call (added vs direct with tools)" commune-tools-sat direct-tools
echo
if [ -n "$commune_note" ]; then echo "$commune_note"; echo; fi
echo "| target (issue 3) | measured | verdict |"
echo "|---|---|---|"
echo "| added p50 ≤ 1 ms at $RATE req/s | $(diff_ms "$c50" "$d50") ms | $(verdict "$( [ -n "$c50" ] && [ -n "$d50" ] && echo "$c50 - $d50 <= 1")") |"
echo "| added p99 ≤ 5 ms at $RATE req/s | $(diff_ms "$c99" "$d99") ms | $(verdict "$( [ -n "$c99" ] && [ -n "$d99" ] && echo "$c99 - $d99 <= 5")") |"
echo "| saturation ≥ 2× Portkey | $(ratio "$csat" "$psat") | $(verdict "$( [ -n "$csat" ] && [ -n "$psat" ] && echo "$csat >= 2 * $psat")") |"
if [ -n "$x50" ] && [ -n "$c50" ] && [ -n "$dead_calls" ]; then
  echo "| fakea dead: as fast as healthy | p50 $(diff_ms "$x50" "$c50"), p99 $(diff_ms "$x99" "$c99") ms vs healthy; fakea called $dead_calls times for $xreq requests | $(verdict "$x50 - $c50 <= 1 && $x99 - $c99 <= 5 && $dead_calls <= ($xreq / 100) + 5") |"
else
  echo "| fakea dead: as fast as healthy | — | not measured |"
fi
echo
echo "Dead fakea answers 500 after $DEAD_LATENCY_MS ms, so any request that waited on it would show it. Raw results: $results"
