#!/usr/bin/env bash
# The in-memory replay store at 30k nonces/s for 15 simulated minutes (ReplayFill: a simulated clock, no
# HTTP, a minute of CPU): the worst case (every timestamp 300 s ahead: each nonce kept 602 s, so the store
# runs at its full default capacity of 18,060,000) and the usual one (timestamps "now": kept 302 s).
# Refusals of fresh nonces must be 0; heap per live nonce is measured after a full GC, with the demo's -Xmx1g.
#
#   bench/replay-fill.sh                       # 30000/s, 900 s
#   RATE=40000 SIM_SECONDS=600 bench/replay-fill.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
RATE=${RATE:-30000}
SIM=${SIM_SECONDS:-900}
./mvnw -B -q -ntp -DskipTests -pl bench -am package
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, bench/replay-fill.sh (ReplayFill, simulated clock, default capacity, java -Xmx1g -XX:+UseParallelGC)."
  echo
  echo "| rate | simulated | timestamp ahead | claims | fresh refused | replays accepted | live at end | heap for live values | bytes per live value | wall time per claim |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for ahead in 300 0; do
    "$JAVA_HOME/bin/java" -Xms256m -Xmx1g -XX:+UseParallelGC -cp bench/target/benchmarks.jar portcullis.bench.ReplayFill \
      "$RATE" "$SIM" "$ahead" 2>/dev/null
  done
} | tee bench/results/replay-fill.md
