# Shared by the benchmark scripts (source it): stopping background processes and finding free ports.

# stop PID: SIGTERM (a background job of a non-interactive shell ignores SIGINT), SIGKILL after 10 s.
stop() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_ready URL: waits up to 2 min for URL/health/ready to answer 200; exits the script (status 1) when it never does.
wait_ready() {
  for _ in $(seq 1 600); do
    curl -sf "$1/health/ready" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "$(basename "$0"): $1 never became ready" >&2; exit 1
}
