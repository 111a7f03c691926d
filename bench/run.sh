#!/usr/bin/env bash
# One benchmark run: Portcullis (demo config, embedded store) against nginx and a bare Vert.x
# hello-world on this machine, same run, same load settings. Prints a Markdown table (also written to
# bench/results/latest.md) with requests/s, latency and requests per server CPU-second (from
# /proc/PID/stat). Plain requests are sent by wrk; pre-signed ones (one nonce each) by bench's Replay
# (portcullis.bench.Replay), which replays a file of raw requests as cheaply as plain wrk.
#
#   bench/run.sh                 # all scenarios, 15 s each after a 10 s warm-up
#   DURATION=5 bench/run.sh      # quicker
#   ONLY='healthz|Vert.x' bench/run.sh   # only the scenarios whose names match (an extended regex)
#   PORTCULLIS_JAR=/tmp/base.jar bench/run.sh   # another build of the gateway (to compare two builds)
#   JAVA_EXTRA='-XX:StartFlightRecording=filename=/tmp/p.jfr' bench/run.sh   # more JVM options for the gateway
#
# Needs wrk, nginx and htpasswd (Debian: wrk nginx-light apache2-utils; installed when root).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/jdk.sh
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
CONNS=${CONNS:-64}
PPORT=${PPORT:-18090}
NPORT=${NPORT:-18091}
VPORT=${VPORT:-18092}
REPLAY_WARMUP=${REPLAY_WARMUP:-3}
ONLY=${ONLY:-}
JAR=${PORTCULLIS_JAR:-server/target/portcullis.jar}   # another build to compare (A/B runs)

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v htpasswd >/dev/null || need+=(apache2-utils)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "bench: installing ${need[*]}..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
  else
    echo "bench: install ${need[*]} first" >&2; exit 1
  fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d /tmp/portcullis-bench.XXXXXX)
chmod 755 "$work"   # nginx workers (www-data) read the htpasswd and the static file
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

# ---- nginx: return 200, and auth_basic with bcrypt (htpasswd -B default cost 5) in front of a static file
echo ok > "$work/ok.txt"
htpasswd -bcB "$work/htpasswd" bench 'bench-password' 2>/dev/null
cat > "$work/nginx.conf" <<NGX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/tmp;
  proxy_temp_path $work/tmp;
  fastcgi_temp_path $work/tmp;
  uwsgi_temp_path $work/tmp;
  scgi_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$NPORT;
    location = /ok { return 200 "ok\n"; }
    location / { return 200 "ok\n"; }   # any path: baseline for the Lua-scripted scenarios
    location /basic { auth_basic "bench"; auth_basic_user_file $work/htpasswd; alias $work/ok.txt; }
  }
}
NGX
mkdir -p "$work/tmp"
"$NGINX" -c "$work/nginx.conf" -p "$work"
sleep 0.5
nginx_worker=$(pgrep -P "$(cat "$work/nginx.pid")" | head -n1)
chmod 644 "$work/htpasswd" "$work/ok.txt"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NPORT/basic")
[ "$code" = 401 ] || { echo "bench: nginx auth_basic answered $code without credentials, refusing to trust it" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -u bench:bench-password "http://127.0.0.1:$NPORT/basic")
[ "$code" = 200 ] || { echo "bench: nginx auth_basic answered $code with the right credentials" >&2; exit 1; }

# ---- bare Vert.x hello-world (bench/src/.../HelloVertx.java): the engine's own cost, beside /healthz
[ -f server/target/portcullis.jar ] && [ -f bench/target/benchmarks.jar ] || ./mvnw -B -q -ntp -DskipTests -pl server,bench -am package
"$JAVA_HOME/bin/java" -Xms512m -Xmx1g -XX:+UseParallelGC -cp bench/target/benchmarks.jar portcullis.bench.HelloVertx "$VPORT" \
  > "$work/hello.out" 2>&1 &
vpid=$!
pids+=("$vpid")

# ---- Portcullis demo
# one client sends every pre-signed request: no nonce quota (limits.noncesPerClient) for the bench
PORTCULLIS_NONCES_PER_CLIENT=0 "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -XX:+UseParallelGC ${JAVA_EXTRA:-} -jar "$JAR" demo \
  --port "$PPORT" --data "$work/data" --admin-token bench-admin-token-123 > "$work/demo.out" 2> "$work/demo.err" &
ppid=$!
pids+=("$ppid")
for _ in $(seq 1 60); do
  grep -q "Internal app" "$work/demo.out" 2>/dev/null && break
  sleep 1
done
grep -q "Internal app" "$work/demo.out" || { echo "bench: portcullis demo did not start" >&2; cat "$work/demo.err" >&2; exit 1; }
export KEY=$(awk '/^Internal app/ {print $4}' "$work/demo.out")
export SECRET=$(awk '/^Internal app/ {print $6}' "$work/demo.out")
export BASE="http://127.0.0.1:$PPORT"
export BASIC="Basic $(printf '%s' 'aladdin@example.com:open sesame' | base64 -w0)"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: $BASIC" -H "X-Client-Key: $KEY" "$BASE/v2/whoami")" = 200 ] \
  || { echo "bench: Basic+key request to portcullis did not answer 200" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
rows=()
# scenario NAME PID URL [wrk args...]
scenario() {
  local name=$1 pid=$2 url=$3; shift 3
  skip "$name" && return 0
  local before after out
  before=$(cpu_ticks "$pid")
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$@" "$url")
  after=$(cpu_ticks "$pid")
  row "$name" "$before" "$after" "$out"
}
skip() { [ -n "$ONLY" ] && ! grep -qE "$ONLY" <<<"$1"; }
# replay_scenario NAME PID HOST:PORT FILE: the pre-formatted requests of FILE sent by Replay (after its
# own REPLAY_WARMUP seconds, not counted, not in the CPU figure, which Replay reads itself for exactly the
# counted seconds), the same connections and duration as wrk
replay_scenario() {
  local name=$1 pid=$2 hp=$3 file=$4
  skip "$name" && return 0
  local out
  out=$("$JAVA_HOME/bin/java" -Xms256m -Xmx256m -XX:+UseSerialGC -cp bench/target/benchmarks.jar portcullis.bench.Replay \
      "$hp" "$file" "$CONNS" "$DURATION" "$REPLAY_WARMUP" "$pid")
  row "$name" 0 "$(awk '/^Server CPU ticks:/ {print $4}' <<<"$out")" "$out"
}
row() {
  local name=$1 before=$2 after=$3 out=$4 rps p50 p99 cpu per errs
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")
  cpu=$(awk -v a="$before" -v b="$after" -v hz="$hz" 'BEGIN {printf "%.2f", (b - a) / hz}')
  per=$(awk -v r="$rps" -v d="$DURATION" -v c="$cpu" 'BEGIN {if (c > 0) printf "%.0f", r * d / c; else print "-"}')
  rows+=("| $name | $rps | $p50 | $p99 | $per | ${errs:-0} |")
  printf '%-48s %8s req/s  p50 %-8s p99 %-8s %8s req/CPU-s  non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "$per" "${errs:-0}" >&2
  RPS[$name]=$rps
  PER[$name]=$per
}
declare -A RPS
# ratio LABEL NUMERATOR-SCENARIO DENOMINATOR-SCENARIO TARGET
ratios=()
ratio() {
  local n=${RPS[$2]:-0} d=${RPS[$3]:-0}
  [ "$d" -gt 0 ] 2>/dev/null && [ "$n" -gt 0 ] 2>/dev/null || return 0
  ratios+=("- $1: $(awk -v n="$n" -v d="$d" 'BEGIN {printf "%.2f", n / d}')x (target $4)")
}
# cpu_ratio LABEL NUMERATOR DENOMINATOR TARGET: the same, of requests per server CPU-second
declare -A PER
cpu_ratio() {
  local n=${PER[$2]:-0} d=${PER[$3]:-0}
  [ "$d" -gt 0 ] 2>/dev/null && [ "$n" -gt 0 ] 2>/dev/null || return 0
  ratios+=("- $1: $(awk -v n="$n" -v d="$d" 'BEGIN {printf "%.2f", n / d}')x (target $4)")
}

echo "bench: warming up portcullis for ${WARMUP}s..." >&2
wrk -t1 -c"$CONNS" -d"${WARMUP}s" -H "Authorization: $BASIC" -H "X-Client-Key: $KEY" "$BASE/v2/whoami" >/dev/null

wrk -t1 -c"$CONNS" -d"${WARMUP}s" "http://127.0.0.1:$VPORT/" >/dev/null
scenario "nginx return 200" "$nginx_worker" "http://127.0.0.1:$NPORT/ok"
scenario "bare Vert.x hello-world" "$vpid" "http://127.0.0.1:$VPORT/"
scenario "nginx auth_basic (bcrypt)" "$nginx_worker" "http://127.0.0.1:$NPORT/basic" \
  -H "Authorization: Basic $(printf 'bench:bench-password' | base64 -w0)"
scenario "portcullis /healthz (no auth)" "$ppid" "$BASE/healthz"
scenario "portcullis Basic + client key /v2/whoami" "$ppid" "$BASE/v2/whoami" -H "Authorization: $BASIC" -H "X-Client-Key: $KEY"
for extra in bench/wrk/*.sh; do
  [ -f "$extra" ] && source "$extra"
done

if [ "${KEYCLOAK:-1}" = 1 ] && ! skip "keycloak client_credentials token (-c16)"; then
  echo "bench: Keycloak client_credentials for comparison (KEYCLOAK=0 skips it)..." >&2
  if krow=$(DURATION="$DURATION" bench/keycloak.sh | tail -n1) && [ -n "$krow" ]; then
    rows+=("$krow")
    RPS["keycloak client_credentials token (-c16)"]=$(awk -F'|' '{gsub(/ /, "", $3); print $3}' <<<"$krow")
  else
    echo "bench: Keycloak could not be measured (see above); no comparison row" >&2
  fi
fi
ratio "Basic + key vs nginx auth_basic bcrypt" "portcullis Basic + client key /v2/whoami" "nginx auth_basic (bcrypt)" ">= 20x"
ratio "Basic + key vs nginx return 200" "portcullis Basic + client key /v2/whoami" "nginx return 200" ">= 0.5x"
for extra in bench/wrk/*.ratios; do
  [ -f "$extra" ] && source "$extra"
done
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores, wrk -t1 -c$CONNS -d${DURATION}s after a ${WARMUP}s warm-up; nginx 1 worker."
  echo
  echo "| scenario | req/s | p50 | p99 | req per server CPU-s | non-2xx |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  printf '%s\n' "${ratios[@]}"
} | if [ -n "$ONLY" ]; then cat; else tee bench/results/latest.md; fi   # a partial run (ONLY=) is not the record
