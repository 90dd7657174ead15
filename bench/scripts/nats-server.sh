#!/usr/bin/env bash
# Starts a nats-server of the harness's own (the peer for `--target nats|compare`), in the background,
# apart from any NATS the machine already runs on 4222: client port 4223, WebSocket port 4443 without
# TLS, config and log under /tmp, PID recorded in a file. Returns once the server answers.
#   bench/scripts/nats-server.sh [start] [client-port] [websocket-port]
#   bench/scripts/nats-server.sh stop            # kills the recorded PID
# Ports and files also come from NATS_CLIENT_PORT, NATS_WS_PORT, NATS_PID_FILE (arguments win).
set -euo pipefail
action=${1:-start}
client_port=${2:-${NATS_CLIENT_PORT:-4223}}
ws_port=${3:-${NATS_WS_PORT:-4443}}
pid_file=${NATS_PID_FILE:-/tmp/coveton-bench-nats.pid}

running() { [[ -f $pid_file ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

case $action in
  stop)
    if ! running; then
      echo "nats-server.sh: nothing running for $pid_file"; rm -f "$pid_file"; exit 0
    fi
    pid=$(cat "$pid_file")
    kill "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    rm -f "$pid_file"
    echo "nats-server $pid stopped"
    exit 0 ;;
  start) ;;
  *) echo "usage: $0 [start [client-port] [websocket-port] | stop]" >&2; exit 2 ;;
esac

command -v nats-server >/dev/null || {
  echo "nats-server.sh: nats-server is not installed: apt-get install nats-server" >&2; exit 1; }
if running; then
  echo "nats-server.sh: already running as PID $(cat "$pid_file") ($pid_file); stop it first" >&2; exit 1
fi

config=/tmp/coveton-bench-nats-$ws_port.conf
log=/tmp/coveton-bench-nats-$ws_port.log
cat > "$config" <<CONF
listen: 127.0.0.1:$client_port
websocket {
  listen: "127.0.0.1:$ws_port"
  no_tls: true
}
CONF
# its output goes to the log, so that whoever started this script is not held by an open pipe
nohup nats-server -c "$config" > "$log" 2>&1 &
echo $! > "$pid_file"

answers() {
  timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$client_port && head -c 4 <&3" 2>/dev/null | grep -q INFO \
    && timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$ws_port" 2>/dev/null
}
for _ in $(seq 100); do
  if answers; then
    echo "nats-server $(cat "$pid_file") ready: nats://127.0.0.1:$client_port, ws://127.0.0.1:$ws_port"
    exit 0
  fi
  if ! running; then
    echo "nats-server.sh: nats-server exited; its log ($log):" >&2; cat "$log" >&2; rm -f "$pid_file"; exit 1
  fi
  sleep 0.1
done
echo "nats-server.sh: nats-server did not answer within 10 s; log in $log" >&2
exit 1
