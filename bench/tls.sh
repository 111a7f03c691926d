#!/usr/bin/env bash
# Basic + client key over TLS 1.3 (keep-alive, HTTP/1.1: wrk does not speak h2) against the same over
# plain HTTP: two demo gateways in one run, one with listen.tls (an EC P-256 certificate from a throwaway
# CA), one without, the same wrk settings. Prints a Markdown table (also bench/results/tls.md).
#
#   bench/tls.sh                 # 15 s per scenario after a 10 s warm-up each
#   DURATION=5 WARMUP=3 bench/tls.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
CONNS=${CONNS:-64}
PLAIN_PORT=${PLAIN_PORT:-18092}
TLS_PORT=${TLS_PORT:-18093}
command -v wrk >/dev/null || { echo "bench: install wrk first" >&2; exit 1; }

work=$(mktemp -d /tmp/portcullis-tls-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

# a throwaway CA and a server certificate for 127.0.0.1
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/ca.key" -out "$work/ca.crt" \
  -days 2 -subj "/CN=bench CA" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/server.key" -out "$work/server.csr" \
  -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$work/ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" -CAcreateserial -days 2 \
  -extfile "$work/ext" -out "$work/server.crt" 2>/dev/null
sed "s|^  port: 8080$|  port: 8080\n  tls:\n    certificate: $work/server.crt\n    privateKey: $work/server.key|" \
  server/src/main/resources/demo.yaml > "$work/tls.yaml"
grep -q "privateKey" "$work/tls.yaml" || { echo "bench: could not add listen.tls to demo.yaml" >&2; exit 1; }

[ -f server/target/portcullis.jar ] || ./mvnw -B -q -ntp -o -DskipTests -pl server -am package

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
start plain "$PLAIN_PORT"
start tls "$TLS_PORT" --config "$work/tls.yaml"
BASIC="Basic $(printf '%s' 'aladdin@example.com:open sesame' | base64 -w0)"
plain_key=$(awk '/^Internal app/ {print $4}' "$work/plain.out")
tls_key=$(awk '/^Internal app/ {print $4}' "$work/tls.out")
code=$(curl -s -o /dev/null -w '%{http_code}' --tlsv1.3 --cacert "$work/ca.crt" -H "Authorization: $BASIC" -H "X-Client-Key: $tls_key" \
  "https://127.0.0.1:$TLS_PORT/v2/whoami")
[ "$code" = 200 ] || { echo "bench: Basic+key over TLS answered $code" >&2; exit 1; }
proto=$(echo | openssl s_client -connect "127.0.0.1:$TLS_PORT" -CAfile "$work/ca.crt" 2>/dev/null | awk '/^New, / {sub(",", "", $2); print $2 " " $5; exit}')

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
scenario "Basic + client key, plain HTTP" "$plain_pid" "http://127.0.0.1:$PLAIN_PORT/v2/whoami" "$plain_key"
scenario "Basic + client key, TLS ($proto, keep-alive)" "$tls_pid" "https://127.0.0.1:$TLS_PORT/v2/whoami" "$tls_key"
ratio=$(awk -v n="${RPS["Basic + client key, TLS ($proto, keep-alive)"]}" -v d="${RPS["Basic + client key, plain HTTP"]}" 'BEGIN {printf "%.2f", n / d}')
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, wrk -t1 -c$CONNS -d${DURATION}s after a ${WARMUP}s warm-up each; two demo gateways (one idle while the other is measured)."
  echo
  echo "| scenario | req/s | p50 | p99 | req per server CPU-s | CPU-s server / wrk | non-2xx |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "- Basic + key over TLS vs plain HTTP: ${ratio}x (target >= 0.8x)"
} | tee bench/results/tls.md
