#!/usr/bin/env bash
# Signed requests at a steady rate (RATE, 30000/s by default: the rate the default replayCacheSize is
# sized for) or at full speed (RATE=0) for minutes against `portcullis demo` (the in-memory replay store with its
# defaults): KSig1 GETs, each signed as it is sent with its own nonce (SignedLoad: keep-alive connections,
# pipelined, on virtual threads; no pre-signed file to run out of), timestamped AHEAD seconds in the future
# (290 by default: each nonce is then kept 592 s, near the 602 s worst case). Counts the answers that are
# not 2xx (must be 0), and samples the gateway's RSS, heap and replay-store fill every 30 s; heap after a
# full GC before and after the run gives the heap per live nonce.
# Writes bench/results/replay-sustained-<MINUTES>min-rate<RATE>.md. The demo runs with ./portcullis's JVM flags.
#
#   bench/replay-sustained.sh                  # 3 minutes at 30000/s
#   MINUTES=15 bench/replay-sustained.sh       # the issue's 15 minutes at 30000/s
#   RATE=0 MINUTES=3 bench/replay-sustained.sh # full speed (beyond 30k/s the store fills up in 602 s x 30k / rate)
#   MINUTES=15 RATE=30000 CONNS=64 DEPTH=4 AHEAD=290 bench/replay-sustained.sh
#
# Run it alone on the machine (under the build lock).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
MINUTES=${MINUTES:-3}
CONNS=${CONNS:-64}
DEPTH=${DEPTH:-4}
AHEAD=${AHEAD:-290}
RATE=${RATE:-30000}
WARMUP=${WARMUP:-10}
PORT=${PORT:-18195}
JAVA_OPTS=${PORTCULLIS_JAVA_OPTS:--Xms256m -Xmx1g -XX:+UseParallelGC}
work=$(mktemp -d /tmp/portcullis-replay-sustained.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
./mvnw -B -q -ntp -DskipTests -pl bench -am package
# shellcheck disable=SC2086
# one client sends every signed request: no nonce quota (limits.noncesPerClient) for the bench
PORTCULLIS_NONCES_PER_CLIENT=0 "$JAVA_HOME/bin/java" -XX:+ExitOnOutOfMemoryError $JAVA_OPTS -jar server/target/portcullis.jar demo --port "$PORT" \
  --data "$work/demo" > "$work/demo.out" 2> "$work/demo.err" &
pid=$!
for _ in $(seq 1 60); do grep -q "Internal app" "$work/demo.out" 2>/dev/null && break; sleep 1; done
grep -q "Internal app" "$work/demo.out" || { echo "replay-sustained: demo did not start" >&2; cat "$work/demo.err" >&2; exit 1; }
key=$(awk '/^Internal app/ {print $4}' "$work/demo.out")
secret=$(awk '/^Internal app/ {print $6}' "$work/demo.out")
url="http://127.0.0.1:$PORT/api/signed/whoami"
load() { "$JAVA_HOME/bin/java" -Xmx256m -cp bench/target/benchmarks.jar portcullis.bench.SignedLoad "$url" "$key" "$secret" "$@"; }
rss() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status"; }
heap() { "$JAVA_HOME/bin/jstat" -gc "$pid" | awk 'NR == 2 {printf "%.0f", ($3 + $4 + $6 + $8) / 1024}'; } # S0U S1U EU OU, MiB
heap_after_gc() { "$JAVA_HOME/bin/jcmd" "$pid" GC.run > /dev/null; sleep 1; heap; }
entries() { curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^portcullis_replay_store_entries\{kind="first_use"\}/ {printf "%.0f", $2}'; }
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
load "$WARMUP" "$CONNS" "$DEPTH" "$AHEAD" "$RATE" > "$work/warm.txt" 2> /dev/null
base_heap=$(heap_after_gc)
base_entries=$(entries)
base_rss=$(rss)
cpu0=$(cpu)
load $(( MINUTES * 60 )) "$CONNS" "$DEPTH" "$AHEAD" "$RATE" > "$work/run.txt" 2> "$work/run.err" &
lpid=$!
{
  echo "| t | requests so far | RSS MiB | heap used MiB | replay-store entries |"
  echo "| --- | --- | --- | --- | --- |"
} > "$work/samples.md"
t=0
while kill -0 "$lpid" 2>/dev/null; do
  sleep 30 || true
  t=$(( t + 30 ))
  kill -0 "$lpid" 2>/dev/null || break
  echo "| ${t}s | $(awk '/^t=/ {r = $2} END {sub("requests=", "", r); print r}' "$work/run.err") | $(rss) | $(heap) | $(entries) |" >> "$work/samples.md"
done
wait "$lpid" || { echo "replay-sustained: load generator failed" >&2; cat "$work/run.err" >&2; exit 1; }
cpu1=$(cpu)
end_entries=$(entries)
end_rss=$(rss)
end_heap=$(heap_after_gc)
summary=$(cat "$work/run.txt")
requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$summary")
non2xx=$(sed -E 's/.*non2xx=([0-9]+).*/\1/' <<<"$summary")
rate=$(sed -E 's/.*rate=([0-9]+).*/\1/' <<<"$summary")
ticks=$(getconf CLK_TCK)
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores: bench/replay-sustained.sh, MINUTES=$MINUTES RATE=$RATE CONNS=$CONNS DEPTH=$DEPTH AHEAD=$AHEAD"
  echo "(KSig1 GET signed per request, timestamps ${AHEAD} s ahead), \`portcullis demo\` with $JAVA_OPTS, default replayCacheSize, after a ${WARMUP} s warm-up."
  echo
  echo "| requests | req/s | non-2xx | req per server CPU-s | live nonces at end | RSS start / end | heap after full GC start / end | heap per live nonce |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  echo "| $requests | $rate | $non2xx | $(awk -v r="$requests" -v a="$cpu0" -v b="$cpu1" -v t="$ticks" 'BEGIN {printf "%.0f", r / ((b - a) / t)}') | $end_entries | ${base_rss} / ${end_rss} MiB | ${base_heap} / ${end_heap} MiB | $(awk -v a="$base_heap" -v b="$end_heap" -v e="$end_entries" -v s="$base_entries" 'BEGIN {if (e > s) printf "%.1f B", (b - a) * 1048576 / (e - s); else print "-"}') |"
  echo
  echo "Answers by status: $(sed -E 's/.*status=//' <<<"$summary")"
  if grep -q "first refusal" "$work/run.err"; then echo "First refusal: $(grep 'first refusal' "$work/run.err" | head -1)"; fi
  echo
  cat "$work/samples.md"
  echo
  echo "Gateway log lines about the replay store: $(grep -c 'replay store' "$work/demo.out" "$work/demo.err" | awk -F: '{s += $2} END {print s + 0}')"
  { grep -h 'replay store' "$work/demo.out" "$work/demo.err" || true; } | head -3 | sed 's/^/    /'
} | tee "bench/results/replay-sustained-${MINUTES}min-rate${RATE}.md"
