#!/usr/bin/env bash
# Runs the measurements of docs/benchmarks.md's sections "Fan-out shards" and "Several nodes", one
# after another (about 40 minutes on 2 cores). Results: bench/results/.
#
#   bench/publish-cluster.sh [BEFORE]
#
# BEFORE: a checkout of the build to compare the single node with (built with
# `./mvnw -q -DskipTests package`); its bench/run.sh runs its own jars. Without it the
# before/after pairs are skipped.
set -uo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -DskipTests package || exit 1
run() { echo "=== $*"; "$@" 2>&1 | grep -vE '^ +[0-9.]+s '; }

fanout="--chats=1 --listeners=1000 --messages=5000 --warmup=5000"
rate="--rate=100 --chats=1 --members=1001 --duration=30 --warmup=20"
reconnect="--listeners=1000 --rate=200 --duration=20 --warmup=20"

# One node on SQLite, before and after the fan-out shards, alternating (same sitting)
if [ -n "${1:-}" ]; then
  for _ in 1 2; do
    run "$1/bench/run.sh" sqlite fanout $fanout
    run bench/run.sh sqlite fanout $fanout
  done
  for _ in 1 2; do
    run "$1/bench/run.sh" sqlite rate $rate
    run bench/run.sh sqlite rate $rate
  done
fi

# PostgreSQL: one node alone, one node with Redis, three nodes with Redis
run bench/run.sh postgres fanout $fanout
run bench/cluster.sh 1 fanout $fanout
run bench/cluster.sh 3 fanout $fanout
run bench/run.sh postgres rate $rate
run bench/cluster.sh 1 rate $rate
run bench/cluster.sh 3 rate $rate
run bench/run.sh postgres reconnect $reconnect
run bench/cluster.sh 3 reconnect $reconnect

# 50,000 idle connections over three nodes, opened by three tool processes (20,000 files each here)
PARLEY_BENCH_SERVER_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch" \
  run bench/cluster.sh 3 connections --connections=50000 --users=500 --processes=3 --hold=5
