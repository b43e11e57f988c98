#!/usr/bin/env bash
# Runs one load-tool scenario against a freshly started Parley server and keeps the result.
#
#   bench/run.sh <sqlite|postgres> <scenario> [--option=value ...]
#
# Scenarios and options: connections, fanout, rate, pingpong, reconnect, soak, social (see docs/benchmarks.md;
# a soak is best run with bench/soak.sh, which fixes the heap and keeps the per-minute readings).
# The server runs on 127.0.0.1:18080 with benchmark settings: bcrypt cost 4 (fast provisioning),
# no per-connection command rate limit, a 4 MiB outbound queue. PostgreSQL runs use the database
# parley_bench at 127.0.0.1:5432 (dropped and created anew each run; PARLEY_BENCH_PG_* override).
# Results go to bench/results/<scenario>-<store>-<time>.json; server logs next to them.
set -euo pipefail
cd "$(dirname "$0")/.."

store=${1:?usage: bench/run.sh <sqlite|postgres> <scenario> [--option=value ...]}
scenario=${2:?usage: bench/run.sh <sqlite|postgres> <scenario> [--option=value ...]}
shift 2

# shellcheck source=bench/settings.sh
. bench/settings.sh

stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results
result=bench/results/$scenario-$store-$stamp.json
port=${PARLEY_BENCH_PORT:-18080}

refuse_taken_port "$port" "set PARLEY_BENCH_PORT"
data=$(mktemp -d)

export PARLEY_DATA_DIR=$data
use_store "$store"

# PARLEY_BENCH_SERVER_OPTS: JVM options for the server only (e.g. a JFR recording)
# shellcheck disable=SC2086
"$java" ${PARLEY_BENCH_SERVER_OPTS:-} -jar parley-server/target/parley-server.jar --server.port="$port" > "bench/results/$scenario-$store-$stamp.server.log" 2>&1 &
server=$!
# "|| true": under set -e a failing command in the trap (wait answers 143 for the server it just
# stopped) would end the script there, with that status, before the data directory is removed
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  kill -0 $server 2>/dev/null || { echo "the server did not start; see the log" >&2; exit 1; }
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done

echo "server: $store, pid $server, $("$java" -version 2>&1 | head -1)"
# PARLEY_BENCH_TOOL_OPTS: JVM options for the load tool only
# shellcheck disable=SC2086
"$java" ${PARLEY_BENCH_TOOL_OPTS:-} -jar parley-bench/target/parley-bench.jar "$scenario" --url="http://127.0.0.1:$port" \
  --server-pid="$server" --out="$result" "$@"
