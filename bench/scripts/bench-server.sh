#!/usr/bin/env bash
# Starts one Coveton node configured for load tests against a fresh database on the local
# Postgres (127.0.0.1:5432): request, frame and per-address connection limits raised so that the harness, not the limiter,
# is what gets measured, and argon2 made cheap (1 MiB, 1 pass; for load tests only, never in
# production) so that provisioning thousands of accounts (preload, reconnect-storm) takes seconds, not
# minutes. Each setting already in the environment wins. Usage: bench/scripts/bench-server.sh [database-name]
set -euo pipefail
db=${1:-coveton_bench}
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
export COVETON_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$db
export COVETON_RATE_LIMIT_PER_MINUTE=${COVETON_RATE_LIMIT_PER_MINUTE:-100000000}
export COVETON_RELAY_FRAMES_PER_SECOND=${COVETON_RELAY_FRAMES_PER_SECOND:-100000}
export COVETON_RELAY_FRAME_BURST=${COVETON_RELAY_FRAME_BURST:-100000}
# every harness connection comes from this machine's few addresses
export COVETON_MAX_CONNECTIONS_PER_IP=${COVETON_MAX_CONNECTIONS_PER_IP:-0}
export COVETON_ARGON2_MEMORY_KIB=${COVETON_ARGON2_MEMORY_KIB:-1024}
export COVETON_ARGON2_ITERATIONS=${COVETON_ARGON2_ITERATIONS:-1}
export COVETON_LOG_LEVEL=${COVETON_LOG_LEVEL:-WARN}
exec java ${JAVA_OPTS:--Xmx2g} -jar "$(dirname "$0")/../../server/target/coveton-server.jar"
