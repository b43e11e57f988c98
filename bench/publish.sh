#!/usr/bin/env bash
# Runs every measurement published in docs/benchmarks.md, one after another (about 30 minutes on
# 2 cores), each through bench/run.sh, so each gets a fresh server. Results: bench/results/.
#
#   bench/publish.sh              # JDK of $JAVA_HOME, or the default java
#   bench/publish.sh jdk25        # also the JDK 25 runs (JDK25_HOME, default Temurin's path)
set -uo pipefail
cd "$(dirname "$0")/.."

./mvnw -q -B -DskipTests package || exit 1
fixed_heap="-Xms1g -Xmx1g -XX:+AlwaysPreTouch"
spread="--local-addresses=127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5"

run() { echo "=== $*"; "$@" 2>&1 | grep -vE '^ +[0-9.]+s '; }

for store in sqlite postgres; do
  PARLEY_BENCH_SERVER_OPTS="$fixed_heap" run bench/run.sh $store connections --connections=19000 --users=190 --hold=5 $spread
  run bench/run.sh $store fanout --chats=1 --listeners=1000 --messages=5000 --warmup=5000
  run bench/run.sh $store rate --rate=2000 --chats=100 --members=50 --duration=20 --warmup=45
  run bench/run.sh $store rate --rate=1000 --chats=100 --members=50 --duration=20 --warmup=45
  run bench/run.sh $store rate --rate=10000 --chats=1000 --members=2 --duration=20 --warmup=40
  run bench/run.sh $store pingpong --pairs=100 --rounds=100 --warmup=100
  run bench/run.sh $store reconnect --listeners=1000 --rate=200 --duration=20 --warmup=20
done
# the storm on a cold server (no warm-up): slower, and listeners get refetch for long gaps
run bench/run.sh postgres reconnect --listeners=1000 --rate=200 --duration=20

if [ "${1:-}" = jdk25 ]; then
  export JAVA_HOME=${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
  run bench/run.sh sqlite fanout --chats=1 --listeners=1000 --messages=5000 --warmup=5000
  run bench/run.sh sqlite rate --rate=2000 --chats=100 --members=50 --duration=20 --warmup=45
  run bench/run.sh sqlite rate --rate=10000 --chats=1000 --members=2 --duration=20 --warmup=40
  PARLEY_BENCH_SERVER_OPTS="$fixed_heap" run bench/run.sh sqlite connections --connections=19000 --users=190 --hold=5 $spread
fi
