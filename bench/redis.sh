#!/usr/bin/env bash
# KSig1 with the Redis replay store against the in-memory one, same run: two demo nodes (one with
# PORTCULLIS_REDIS_URL, one without), pre-signed requests sent by wrk's Lua script, and Redis's own
# command counters for the round trips per request. Short by default so the in-memory store
# (replayCacheSize, 18,060,000 by default) does not fill up and start refusing.
#
#   bench/redis.sh                 # 3 s warm-up, 8 s per store
#   DURATION=5 bench/redis.sh
#
# Needs wrk and redis-server (installed from Debian's packages when root).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
DURATION=${DURATION:-8}
WARMUP=${WARMUP:-3}
CONNS=${CONNS:-64}
for p in wrk redis-server; do
  command -v "$p" >/dev/null || { [ "$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$p" >/dev/null; } \
    || { echo "bench: install $p" >&2; exit 1; }
done
work=$(mktemp -d /tmp/portcullis-redis-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
[ -f server/target/portcullis.jar ] || ./mvnw -B -q -ntp -DskipTests -pl server -am package
[ -d client/target/classes ] || ./mvnw -B -q -ntp -DskipTests -pl client package
RPORT=26490
redis-server --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do redis-cli -p "$RPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

start() { # NAME PORT [env...]
  local name=$1 port=$2; shift 2
  env PORTCULLIS_NONCES_PER_CLIENT=0 "$@" "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -XX:+UseParallelGC -jar server/target/portcullis.jar demo --port "$port" \
    --data "$work/$name" > "$work/$name.out" 2> "$work/$name.err" &
  pids+=($!)
  for _ in $(seq 1 60); do grep -q "Internal app" "$work/$name.out" 2>/dev/null && return; sleep 1; done
  echo "bench: demo $name did not start" >&2; cat "$work/$name.err" >&2; exit 1
}
run() { # NAME PORT
  local name=$1 port=$2 key secret lines out rps errs
  key=$(awk '/^Internal app/ {print $4}' "$work/$name.out")
  secret=$(awk '/^Internal app/ {print $6}' "$work/$name.out")
  # two files: each wrk run starts at its file's first line, so the warm-up must not use the measured nonces
  for part in warm:$WARMUP run:$DURATION; do
    "$JAVA_HOME/bin/java" -cp client/target/classes bench/wrk/Ksig1Presign.java "$key" "$secret" \
      "http://127.0.0.1:$port/api/signed/whoami" $(( ${part#*:} * 100000 )) > "$work/ksig1-$name-${part%%:*}.txt"
  done
  export KSIG1_KEY="$key" KSIG1_FILE="$work/ksig1-$name-warm.txt"
  wrk -t1 -c"$CONNS" -d"${WARMUP}s" -s bench/wrk/ksig1.lua "http://127.0.0.1:$port/api/signed/whoami" > /dev/null
  export KSIG1_FILE="$work/ksig1-$name-run.txt"
  redis-cli -p "$RPORT" config resetstat > /dev/null
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s bench/wrk/ksig1.lua "http://127.0.0.1:$port/api/signed/whoami")
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  errs=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")
  total=$(awk '/ requests in / {print $1}' <<<"$out")
  calls=$(redis-cli -p "$RPORT" info commandstats | awk -F'[=,:]' '/^cmdstat_(set|evalsha|eval):/ {s += $3} END {print s + 0}')
  echo "| KSig1 GET, $name replay store | $rps | $(awk '$1=="50%" {print $2}' <<<"$out") | $(awk '$1=="99%" {print $2}' <<<"$out") | $(awk -v c="$calls" -v t="$total" 'BEGIN {if (t > 0) printf "%.2f", c / t; else printf "-"}') | ${errs:-0} |"
  RPS_LAST=$rps
}
start memory 18190
start redis 18191 PORTCULLIS_REDIS_URL="redis://127.0.0.1:$RPORT/0"
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, wrk -t1 -c$CONNS -d${DURATION}s after a ${WARMUP}s warm-up, KSig1 Lua script."
  echo
  echo "| scenario | req/s | p50 | p99 | Redis commands per request | non-2xx |"
  echo "| --- | --- | --- | --- | --- | --- |"
  run memory 18190; m=$RPS_LAST
  run redis 18191; r=$RPS_LAST
  echo
  echo "- Redis replay store vs in-memory: $(awk -v r="$r" -v m="$m" 'BEGIN {printf "%.2f", r / m}')x (target >= 0.8x)"
} | tee bench/results/redis-latest.md
