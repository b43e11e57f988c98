# Sourced by bench/run.sh and bench/cluster.sh: the JVM to use, the jars (built if missing), and
# the server settings every benchmark runs with: bcrypt cost 4 (fast provisioning), no
# per-connection command rate limit, no REST limits (every simulated user registers and logs in
# from this one address, and the tool writes over REST fast), no limit on uploads no message took,
# a 4 MiB outbound queue.

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
if [ ! -f parley-server/target/parley-server.jar ] || [ ! -f parley-bench/target/parley-bench.jar ]; then
  ./mvnw -q -B -DskipTests package
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

export PARLEY_AUTH_BCRYPT_COST=4
export PARLEY_REALTIME_COMMANDS_PER_SECOND=1000000
export PARLEY_REALTIME_COMMAND_BURST=1000000
export PARLEY_AUTH_REGISTRATIONS_PER_ADDRESS=1000000/1m
export PARLEY_AUTH_LOGIN_ATTEMPTS_PER_ADDRESS=1000000/1m
export PARLEY_AUTH_REFRESHES_PER_ADDRESS=1000000/1m
export PARLEY_LIMITS_WRITES_PER_SECOND=1000000
export PARLEY_LIMITS_WRITE_BURST=1000000
# the uploads scenario takes no upload into a message: each round leaves five more per uploader
export PARLEY_LIMITS_UNSENT_UPLOADS=1000000
export PARLEY_REALTIME_OUTBOUND_QUEUE=4MB

# The store of a one-node run: sqlite (in the data directory) or postgres (the database
# parley_bench at 127.0.0.1:5432, dropped and created anew; PARLEY_BENCH_PG_* override).
use_store() {
  case "$1" in
    sqlite) ;;
    postgres)
      local pg_host=${PARLEY_BENCH_PG_HOST:-127.0.0.1}
      local pg_user=${PARLEY_BENCH_PG_USER:-postgres}
      psql -q -h "$pg_host" -U "$pg_user" -d postgres -c "DROP DATABASE IF EXISTS parley_bench" -c "CREATE DATABASE parley_bench"
      export PARLEY_DB_URL=jdbc:postgresql://$pg_host:5432/parley_bench
      export PARLEY_DB_USER=$pg_user
      export PARLEY_DB_POOL_SIZE=${PARLEY_BENCH_PG_POOL:-32}
      ;;
    *) echo "store must be sqlite or postgres" >&2; exit 2 ;;
  esac
}

# Stops the script when something already answers on the port: a run would measure that instead.
refuse_taken_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then
    echo "something already listens on 127.0.0.1:$1 (another server?): $2" >&2
    exit 1
  fi
}
