#!/usr/bin/env bash
# The access log's cost: Basic + client key over plain HTTP with keep-alive, against two demo gateways in
# one run, one with logging.access writing every request to a file, one without; the same wrk settings.
# Prints a Markdown table (also bench/results/access-log.md). Target: logging costs at most 10 %.
#
#   bench/access-log.sh                 # 15 s per scenario after a 10 s warm-up each
#   DURATION=5 WARMUP=3 bench/access-log.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
CONNS=${CONNS:-64}
OFF_PORT=${OFF_PORT:-18094}
LOG_PORT=${LOG_PORT:-18095}
command -v wrk >/dev/null || { echo "bench: install wrk first" >&2; exit 1; }

work=$(mktemp -d /tmp/portcullis-access-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT
{ cat server/src/main/resources/demo.yaml; printf '\nlogging:\n  access: %s\n' "$work/access.log"; } > "$work/logged.yaml"

./mvnw -B -q -ntp -o -DskipTests -pl server -am package

start() { # start NAME PORT [demo args...]
  local name=$1 port=$2; shift 2
  PORTCULLIS_NONCES_PER_CLIENT=0 "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -XX:+UseParallelGC -jar server/target/portcullis.jar demo \
    --port "$port" --data "$work/data-$name" --admin-token bench-admin-token-123 "$@" > "$work/$name.out" 2> "$work/$name.err" &
  pids+=("$!")
  eval "${name}_pid=$!"
  for _ in $(seq 1 60); do
    grep -q "Internal app" "$work/$name.out" 2>/dev/null && break
    sleep 1
  done
  grep -q "Internal app" "$work/$name.out" || { echo "bench: $name gateway did not start" >&2; cat "$work/$name.err" >&2; exit 1; }
}
start off "$OFF_PORT"
start logged "$LOG_PORT" --config "$work/logged.yaml"
BASIC="Basic $(printf '%s' 'aladdin@example.com:open sesame' | base64 -w0)"
off_key=$(awk '/^Internal app/ {print $4}' "$work/off.out")
logged_key=$(awk '/^Internal app/ {print $4}' "$work/logged.out")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $BASIC" -H "X-Client-Key: $logged_key" "http://127.0.0.1:$LOG_PORT/v2/whoami")
[ "$code" = 200 ] || { echo "bench: Basic+key answered $code" >&2; exit 1; }
sleep 1
[ -s "$work/access.log" ] || { echo "bench: the logged gateway wrote no access log" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
rows=()
declare -A RPS
scenario() { # scenario NAME PID URL KEY
  local name=$1 pid=$2 url=$3 key=$4 before after out rps p50 p99 cpu per errs
  wrk -t1 -c"$CONNS" -d"${WARMUP}s" -H "Authorization: $BASIC" -H "X-Client-Key: $key" "$url" >/dev/null
  before=$(cpu_ticks "$pid")
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -H "Authorization: $BASIC" -H "X-Client-Key: $key" "$url" & wpid=$!
    sleep $((DURATION - 1)); wt=$(awk '{print $14 + $15}' "/proc/$wpid/stat" 2>/dev/null || echo 0); wait $wpid; echo "WRKTICKS $wt")
  after=$(cpu_ticks "$pid")
  wrkcpu=$(awk -v hz="$hz" -v d="$DURATION" '/^WRKTICKS/ {printf "%.2f", $2 / hz * d / (d - 1)}' <<<"$out")  # read a second before wrk ends, scaled
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")
  cpu=$(awk -v a="$before" -v b="$after" -v hz="$hz" 'BEGIN {printf "%.2f", (b - a) / hz}')
  per=$(awk -v r="$rps" -v d="$DURATION" -v c="$cpu" 'BEGIN {if (c > 0) printf "%.0f", r * d / c; else print "-"}')
  rows+=("| $name | $rps | $p50 | $p99 | $per | $cpu / $wrkcpu | ${errs:-0} |")
  printf '%-48s %8s req/s  p50 %-8s p99 %-8s %8s req/CPU-s  server/wrk CPU-s %s/%s  non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "$per" \
    "$cpu" "$wrkcpu" "${errs:-0}" >&2
  RPS[$name]=$rps
}
scenario "Basic + client key, access log off" "$off_pid" "http://127.0.0.1:$OFF_PORT/v2/whoami" "$off_key"
scenario "Basic + client key, access log to a file" "$logged_pid" "http://127.0.0.1:$LOG_PORT/v2/whoami" "$logged_key"
lines=$(wc -l < "$work/access.log")
ratio=$(awk -v n="${RPS["Basic + client key, access log to a file"]}" -v d="${RPS["Basic + client key, access log off"]}" 'BEGIN {printf "%.2f", n / d}')
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, wrk -t1 -c$CONNS -d${DURATION}s after a ${WARMUP}s warm-up each; two demo gateways (one idle while the other is measured). Command: bench/access-log.sh"
  echo
  echo "| scenario | req/s | p50 | p99 | req per server CPU-s | CPU-s server / wrk | non-2xx |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "- access log on vs off: ${ratio}x (target >= 0.9x, i.e. logging costs at most 10 %); $lines lines written"
} | tee bench/results/access-log.md
