#!/usr/bin/env bash
# Starts three clustered Coveton nodes on this machine (REST 8080/8090/8100, relay 8081/8091/8101,
# Hazelcast 5701-5703) against one fresh database, configured for load tests; logs in /tmp.
# Argon2 is made cheap unless set (1 MiB, 1 pass; load tests only, never production), so that
# provisioning thousands of accounts (preload, reconnect-storm) is quick.
# Their PIDs go to /tmp/coveton-bench-cluster.pids. Usage: bench/scripts/bench-cluster.sh [database-name],
# and bench/scripts/bench-cluster.sh stop to stop the three nodes (SIGTERM: they drain).
set -euo pipefail
pids=/tmp/coveton-bench-cluster.pids
if [ "${1:-}" = stop ]; then
  [ -f "$pids" ] && kill $(cat "$pids") 2>/dev/null || true
  rm -f "$pids"
  echo "stopped"
  exit 0
fi
db=${1:-coveton_bench}
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
export COVETON_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$db
export COVETON_RATE_LIMIT_PER_MINUTE=100000000 COVETON_RELAY_FRAMES_PER_SECOND=100000 COVETON_RELAY_FRAME_BURST=100000
export COVETON_MAX_CONNECTIONS_PER_IP=0
export COVETON_ARGON2_MEMORY_KIB=${COVETON_ARGON2_MEMORY_KIB:-1024}
export COVETON_ARGON2_ITERATIONS=${COVETON_ARGON2_ITERATIONS:-1}
export COVETON_LOG_LEVEL=WARN COVETON_CLUSTER_ENABLED=true
# the nodes share one database, so they must share the key that seals its secrets
export COVETON_KEY_ENCRYPTION_KEYS=${COVETON_KEY_ENCRYPTION_KEYS:-bench:$(head -c 32 /dev/urandom | base64)}
export COVETON_CLUSTER_MEMBERS=127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703
jar="$(dirname "$0")/../../server/target/coveton-server.jar"
: > "$pids"
for i in 0 1 2; do
  COVETON_NODE_ID=node-$i COVETON_HTTP_PORT=$((8080 + 10 * i)) COVETON_RELAY_PORT=$((8081 + 10 * i)) \
  COVETON_CLUSTER_PORT=$((5701 + i)) COVETON_METRICS_PORT=$((9464 + i)) COVETON_DATABASE_POOL_SIZE=8 \
    nohup java ${JAVA_OPTS:--Xmx1g} -jar "$jar" > /tmp/coveton-node-$i.log 2>&1 &
  echo $! >> "$pids"
done
for port in 8080 8090 8100; do
  until curl -fs "127.0.0.1:$port/health/ready" | grep -q '"clusterMembers":3'; do sleep 1; done
done
echo "three nodes ready"
