#!/usr/bin/env bash
# Start-up times (issue 17 part 5), median of RUNS: `portcullis demo` from nothing (a fresh data
# directory) to its banner, and `portcullis serve` on that existing store to /readyz 200. The JVM is
# started exactly as ./portcullis starts it (`./portcullis --print-java-flags demo|serve` before each run: on
# JDK 25+ the AOT cache, else the class-data sharing archive; the first run after a build writes it, so one
# untimed run comes first); JAVA_FLAGS replaces them to compare.
#   bench/startup.sh                  # 5 runs each
#   JAVA_FLAGS='-Xms256m -Xmx1g -XX:+UseParallelGC' bench/startup.sh   # without the archive
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
RUNS=${RUNS:-5}
PORT=${PORT:-18099}
[ -f server/target/portcullis.jar ] || ./mvnw -B -q -ntp -DskipTests -pl server -am package
flags_for() { if [ -n "${JAVA_FLAGS:-}" ]; then echo "$JAVA_FLAGS"; else ./portcullis --print-java-flags "$1"; fi; }
work=$(mktemp -d /tmp/portcullis-startup.XXXXXX)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
pid=
now() { date +%s%N; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
demo_once() { # prints ms from launch to the banner, leaves the store in $work/data
  rm -rf "$work/data"
  local flags; flags=$(flags_for demo)
  local t0=$(now)
  "$JAVA_HOME/bin/java" $flags -jar server/target/portcullis.jar demo --port "$PORT" --data "$work/data" \
    --admin-token startup-admin-token > "$work/demo.out" 2>&1 &
  pid=$!
  until grep -q "Internal app" "$work/demo.out" 2>/dev/null; do sleep 0.01; kill -0 $pid 2>/dev/null || { cat "$work/demo.out" >&2; exit 1; }; done
  local t1=$(now)
  stop
  ms "$t0" "$t1"
}
serve_once() { # serve on the demo's store (its config, its master key) to /readyz 200
  local flags; flags=$(flags_for serve)
  local t0=$(now)
  PORTCULLIS_ADMIN_TOKEN=startup-admin-token "$JAVA_HOME/bin/java" $flags -jar server/target/portcullis.jar serve \
    --config "$work/serve.yaml" --data "$work/data" > "$work/serve.out" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz" 2>/dev/null)" = 200 ]; do
    sleep 0.01; kill -0 $pid 2>/dev/null || { cat "$work/serve.out" >&2; exit 1; }
  done
  local t1=$(now)
  stop
  ms "$t0" "$t1"
}
stop() { # SIGTERM, then SIGKILL after 60 s (a SIGTERM in the first instants after readiness can be missed;
  # a training run writes the AOT cache as it exits, several seconds)
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
demo_once >/dev/null   # untimed: writes the AOT cache or class-data archive when the flags ask for one
d=$(for _ in $(seq "$RUNS"); do demo_once; done | tee "$work/d.txt" | median)
sed -e "s|^  port: 8080$|  port: $PORT|" server/src/main/resources/demo.yaml > "$work/serve.yaml"
serve_once >/dev/null
s=$(for _ in $(seq "$RUNS"); do serve_once; done | tee "$work/s.txt" | median)
echo "flags: $(flags_for serve)"
echo "portcullis demo, nothing to banner: median ${d} ms ($(tr '\n' ' ' < "$work/d.txt")ms)"
echo "portcullis serve, existing store to /readyz 200: median ${s} ms ($(tr '\n' ' ' < "$work/s.txt")ms)"
