#!/usr/bin/env bash
# Runs one load-tool scenario against a cluster of N freshly started Parley nodes on PostgreSQL and
# Redis (all on this machine), the tool's sockets spread over the nodes, and keeps the result.
#
#   bench/cluster.sh <nodes> <scenario> [--option=value ...]
#
# Nodes listen on 127.0.0.1:18081.. with the settings of bench/run.sh, share the database
# parley_bench (dropped and created anew) and a Redis namespace of this run's own. Redis must run
# at 127.0.0.1:6379 (PARLEY_BENCH_REDIS_URL overrides). Results: bench/results/<scenario>-cluster<N>-<time>.json,
# each node's log next to it.
set -euo pipefail
cd "$(dirname "$0")/.."

nodes=${1:?usage: bench/cluster.sh <nodes> <scenario> [--option=value ...]}
scenario=${2:?usage: bench/cluster.sh <nodes> <scenario> [--option=value ...]}
shift 2

# shellcheck source=bench/settings.sh
. bench/settings.sh

stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results
result=bench/results/$scenario-cluster$nodes-$stamp.json
pg_host=${PARLEY_BENCH_PG_HOST:-127.0.0.1}
pg_user=${PARLEY_BENCH_PG_USER:-postgres}
psql -q -h "$pg_host" -U "$pg_user" -d postgres -c "DROP DATABASE IF EXISTS parley_bench" -c "CREATE DATABASE parley_bench"

export PARLEY_DB_URL=jdbc:postgresql://$pg_host:5432/parley_bench
export PARLEY_DB_USER=$pg_user
# nodes x (pool + 2 write lanes) stays under PostgreSQL's default 100 connections
export PARLEY_DB_POOL_SIZE=${PARLEY_BENCH_PG_POOL:-$(( 90 / nodes - 2 ))}
export PARLEY_REDIS_URL=${PARLEY_BENCH_REDIS_URL:-redis://127.0.0.1:6379}
export PARLEY_REDIS_NAMESPACE=bench$stamp
export PARLEY_AUTH_JWT_SECRET=$(head -c 32 /dev/urandom | base64)

pids=()
urls=()
data=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  for d in "${data[@]}"; do rm -rf "$d"; done
}
trap cleanup EXIT
for i in $(seq 1 "$nodes"); do
  port=$((18080 + i))
  refuse_taken_port "$port" "stop it first"
  dir=$(mktemp -d)
  data+=("$dir")
  # PARLEY_BENCH_SERVER_OPTS: JVM options for every node (e.g. a fixed heap)
  # shellcheck disable=SC2086
  PARLEY_DATA_DIR=$dir PARLEY_NODE_ID=node$i "$java" ${PARLEY_BENCH_SERVER_OPTS:-} -jar parley-server/target/parley-server.jar \
    --server.port="$port" > "bench/results/$scenario-cluster$nodes-$stamp.node$i.log" 2>&1 &
  pids+=($!)
  urls+=("http://127.0.0.1:$port")
  # one at a time: the first migrates the database
  for _ in $(seq 1 240); do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "node $i did not start; see its log" >&2; exit 1; }
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
done

url_list=$(IFS=,; echo "${urls[*]}")
pid_list=$(IFS=,; echo "${pids[*]}")
echo "cluster: $nodes nodes (pids $pid_list), PostgreSQL and Redis, $("$java" -version 2>&1 | head -1)"
# PARLEY_BENCH_TOOL_OPTS: JVM options for the load tool only
# shellcheck disable=SC2086
"$java" ${PARLEY_BENCH_TOOL_OPTS:-} -jar parley-bench/target/parley-bench.jar "$scenario" --url="$url_list" \
  --server-pid="$pid_list" --out="$result" "$@"
