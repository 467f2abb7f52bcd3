#!/usr/bin/env bash
# Measures the embedded service's start-up: from process launch to the first 200 from /health/ready (a grain answered
# and wrote its state), and the process's resident memory at that moment. Prints each run and the medians.
#   infra/scripts/measure-startup.sh [runs=7]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-7}
dotnet build src/Commune.Gateway -c Release -v q -nologo >/dev/null
dll=src/Commune.Gateway/bin/Release/net10.0/Commune.Gateway.dll
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
times=(); rss=()
for i in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  dotnet "$dll" --urls "http://127.0.0.1:$port" --Orleans:SiloPort=21111 --Orleans:GatewayPort=40000 >/dev/null 2>&1 &
  pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$port/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { echo "gateway exited early" >&2; exit 1; }
    sleep 0.02
  done
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  # SIGTERM: a background job of a non-interactive shell ignores SIGINT.
  kill -TERM "$pid"; wait "$pid" || true
  times+=("$ms"); rss+=("$kb")
  echo "run $i: ready after ${ms} ms, RSS $(( kb / 1024 )) MiB"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "median: ready after $(median "${times[@]}") ms, RSS $(( $(median "${rss[@]}" | cut -d. -f1) / 1024 )) MiB over $runs runs"
