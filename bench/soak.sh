#!/usr/bin/env bash
# A soak: a freshly started server under a steady mixed load (sends over WebSocket and REST,
# history reads, searches, logins, token refreshes, disconnects and resumes) for N minutes, its
# heap after GC, resident memory, threads and open files read every minute. Fails (exit 1) when a
# message was lost, duplicated or reordered, on any unexpected error, or when a gauge grew without
# bound (the rules are in docs/benchmarks.md, "Soak").
#
#   bench/soak.sh [minutes] [sqlite|postgres] [--option=value ...]
#
# minutes: default 30. Runs shorter than 10 minutes report every 10 s instead of every minute, so
# that a short run still has readings to judge. Options go to the load tool's soak scenario
# (docs/benchmarks.md lists them). The server runs as bench/run.sh starts it (127.0.0.1:18080, or
# PARLEY_BENCH_PORT; PostgreSQL as there), with a fixed, pre-touched heap (-Xms512m -Xmx512m
# -XX:+AlwaysPreTouch; PARLEY_BENCH_SERVER_OPTS replaces it) so that heap sizing does not show as
# resident memory. Output: bench/results/soak-<time>.txt (every line printed, the per-minute
# readings among them), soak-<time>.json (readings, counts, verdict), soak-<time>.server.log.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=30
if [ $# -gt 0 ] && [[ $1 =~ ^[0-9]+$ ]]; then minutes=$1; shift; fi
store=sqlite
if [ $# -gt 0 ] && [[ $1 =~ ^(sqlite|postgres)$ ]]; then store=$1; shift; fi
if [ "$minutes" -lt 1 ]; then echo "minutes must be at least 1" >&2; exit 2; fi
report_every=60
if [ "$minutes" -lt 10 ]; then report_every=10; fi
# an option given twice would read as a list: a --report-every given here replaces the default
report=(--report-every="$report_every")
for arg in "$@"; do
  case $arg in --report-every=*) report=() ;; esac
done

# shellcheck source=bench/settings.sh
. bench/settings.sh
# a soak runs with the default outbound queue, as a production server would
unset PARLEY_REALTIME_OUTBOUND_QUEUE

stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p bench/results
base=bench/results/soak-$stamp
port=${PARLEY_BENCH_PORT:-18080}

refuse_taken_port "$port" "set PARLEY_BENCH_PORT"
data=$(mktemp -d)

export PARLEY_DATA_DIR=$data
use_store "$store"

server_opts=${PARLEY_BENCH_SERVER_OPTS:--Xms512m -Xmx512m -XX:+AlwaysPreTouch}
# shellcheck disable=SC2086
"$java" $server_opts -jar parley-server/target/parley-server.jar --server.port="$port" > "$base.server.log" 2>&1 &
server=$!
# "|| true": under set -e a failing command in the trap (wait answers 143 for the server it just
# stopped) would end the script there, with that status, before the data directory is removed
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  kill -0 $server 2>/dev/null || { echo "the server did not start; see $base.server.log" >&2; exit 1; }
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done

{
  echo "soak $(date -u +%Y-%m-%dT%H:%M:%SZ): $minutes min on $store, commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo '+changes')"
  echo "server: pid $server, $("$java" -version 2>&1 | head -1), $server_opts; $(nproc) cores"
} | tee "$base.txt"
status=0
# PARLEY_BENCH_TOOL_OPTS: JVM options for the load tool only
# shellcheck disable=SC2086
"$java" ${PARLEY_BENCH_TOOL_OPTS:-} -jar parley-bench/target/parley-bench.jar soak --url="http://127.0.0.1:$port" \
  --server-pid="$server" --duration=$((minutes * 60)) "${report[@]}" --out="$base.json" "$@" \
  2>&1 | tee -a "$base.txt" || status=$?
kill -0 $server 2>/dev/null || { echo "the server is no longer running; see $base.server.log" | tee -a "$base.txt" >&2; status=1; }
echo "output: $base.txt" >&2
exit $status
