#!/usr/bin/env bash
# Proxy mode (issue 17 part 4): Portcullis forwarding to a real upstream (nginx serving static files)
# against nginx proxy_pass (keep-alive to the same upstream), same run, same load. Small static file with
# Basic + client key (wrk) and KSig1 (pre-signed, sent by Replay; nginx is driven by the same file); then a
# 1 MiB upload and a 10 MiB download through each (wrk, -c4). Prints a Markdown table (bench/results/proxy.md).
#
#   bench/proxy.sh                      # 15 s per scenario after a 10 s warm-up
#   DURATION=5 WARMUP=3 bench/proxy.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/jdk.sh
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-10}
CONNS=${CONNS:-64}
UPORT=${UPORT:-18095}   # upstream nginx
NPORT=${NPORT:-18096}   # nginx proxy_pass
PPORT=${PPORT:-18097}   # portcullis
REPLAY_WARMUP=${REPLAY_WARMUP:-3}
command -v wrk >/dev/null || { echo "bench: install wrk first" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -f server/target/portcullis.jar ] && [ -f bench/target/benchmarks.jar ] || ./mvnw -B -q -ntp -DskipTests -pl server,bench -am package

work=$(mktemp -d /tmp/portcullis-proxy-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for f in "$work"/nginx-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/www/p/basic" "$work/www/p/ksig1" "$work/tmp-up" "$work/tmp-px"
echo ok > "$work/www/p/basic/ok.txt"
echo ok > "$work/www/p/ksig1/ok.txt"
head -c $((10 << 20)) /dev/urandom > "$work/www/p/basic/big.bin"
head -c $((1 << 20)) /dev/urandom > "$work/upload.bin"
chmod -R a+rX "$work/www" "$work/upload.bin"
temps() { for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $work/$1;"; done; }
cat > "$work/upstream.conf" <<NGX
worker_processes 1;
pid $work/nginx-up.pid;
error_log $work/nginx-up.log warn;
events { worker_connections 4096; }
http {
  access_log off;
$(temps tmp-up)
  server {
    listen 127.0.0.1:$UPORT;
    keepalive_requests 1000000;
    root $work/www;
    location ~ /upload\$ { client_max_body_size 2m; return 200 "ok\n"; }   # reads and discards the body
  }
}
NGX
cat > "$work/proxy.conf" <<NGX
worker_processes 1;
pid $work/nginx-px.pid;
error_log $work/nginx-px.log warn;
events { worker_connections 4096; }
http {
  access_log off;
$(temps tmp-px)
  upstream up { server 127.0.0.1:$UPORT; keepalive 128; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$NPORT;
    keepalive_requests 1000000;
    client_max_body_size 2m;
    location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGX
"$NGINX" -c "$work/upstream.conf" -p "$work"
"$NGINX" -c "$work/proxy.conf" -p "$work"
sleep 0.5
proxy_worker=$(pgrep -P "$(cat "$work/nginx-px.pid")" | head -n1)

sed -e "s|^  port: 8080$|  port: $PPORT|" -e "s|^routes:$|routes:\n  - {name: proxy-basic, path: /p/basic/**, methods: [GET, POST], upstream: \"http://127.0.0.1:$UPORT\", schemes: [basic], clientKey: required}\n  - {name: proxy-ksig1, path: /p/ksig1/**, methods: [GET], upstream: \"http://127.0.0.1:$UPORT\", schemes: [ksig1]}|" \
  server/src/main/resources/demo.yaml > "$work/proxy.yaml"
grep -q "proxy-ksig1" "$work/proxy.yaml" || { echo "bench: could not add the proxy routes to demo.yaml" >&2; exit 1; }
PORTCULLIS_NONCES_PER_CLIENT=0 "$JAVA_HOME/bin/java" -Xms512m -Xmx1g -XX:+UseParallelGC ${JAVA_EXTRA:-} -jar server/target/portcullis.jar demo \
  --config "$work/proxy.yaml" --port "$PPORT" --data "$work/data" --admin-token bench-admin-token-123 > "$work/demo.out" 2> "$work/demo.err" &
ppid=$!
pids+=("$ppid")
for _ in $(seq 1 60); do grep -q "Internal app" "$work/demo.out" 2>/dev/null && break; sleep 1; done
grep -q "Internal app" "$work/demo.out" || { echo "bench: portcullis did not start" >&2; cat "$work/demo.err" >&2; exit 1; }
KEY=$(awk '/^Internal app/ {print $4}' "$work/demo.out")
SECRET=$(awk '/^Internal app/ {print $6}' "$work/demo.out")
BASIC="Basic $(printf '%s' 'aladdin@example.com:open sesame' | base64 -w0)"
P="http://127.0.0.1:$PPORT" N="http://127.0.0.1:$NPORT"
for u in "$N/p/basic/ok.txt" "$P/p/basic/ok.txt"; do
  [ "$(curl -s -H "Authorization: $BASIC" -H "X-Client-Key: $KEY" "$u")" = ok ] || { echo "bench: $u did not answer ok" >&2; exit 1; }
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$P/p/basic/ok.txt")" = 401 ] || { echo "bench: portcullis answered without credentials" >&2; exit 1; }
cmp <(curl -s -H "Authorization: $BASIC" -H "X-Client-Key: $KEY" "$P/p/basic/big.bin") "$work/www/p/basic/big.bin" \
  || { echo "bench: the 10 MiB download through portcullis differs" >&2; exit 1; }
[ "$(curl -s -H "Authorization: $BASIC" -H "X-Client-Key: $KEY" --data-binary @"$work/upload.bin" -H 'Content-Type: application/octet-stream' \
  "$P/p/basic/upload")" = ok ] || { echo "bench: the 1 MiB upload through portcullis failed" >&2; exit 1; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
rows=()
declare -A RPS P99
row() { # row NAME BEFORE AFTER OUTPUT [DURATION]
  local name=$1 before=$2 after=$3 out=$4 d=${5:-$DURATION} rps p50 p99 errs cpu per
  rps=$(awk '/^Requests\/sec/ {printf "%.1f", $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")
  cpu=$(awk -v a="$before" -v b="$after" -v hz="$hz" 'BEGIN {printf "%.2f", (b - a) / hz}')
  per=$(awk -v r="$rps" -v d="$d" -v c="$cpu" 'BEGIN {if (c > 0) printf "%.0f", r * d / c; else print "-"}')
  rows+=("| $name | $rps | $p50 | $p99 | $per | ${errs:-0} |")
  printf '%-56s %9s req/s  p50 %-8s p99 %-8s %8s req/CPU-s  non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "$per" "${errs:-0}" >&2
  RPS[$name]=$rps
  P99[$name]=$(awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' <<<"$p99")
}
scenario() { # scenario NAME PID URL [wrk args...]; CONNS and DURATION from the environment
  local name=$1 pid=$2 url=$3 before after out; shift 3
  before=$(cpu_ticks "$pid"); out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency "$@" "$url"); after=$(cpu_ticks "$pid")
  row "$name" "$before" "$after" "$out"
}
replay_scenario() { # replay_scenario NAME PID HOST:PORT FILE
  local out
  out=$("$JAVA_HOME/bin/java" -Xms256m -Xmx256m -XX:+UseSerialGC -cp bench/target/benchmarks.jar portcullis.bench.Replay \
      "$3" "$4" "$CONNS" "$DURATION" "$REPLAY_WARMUP" "$2")
  row "$1" 0 "$(awk '/^Server CPU ticks:/ {print $4}' <<<"$out")" "$out"
}
ratios=()
ratio() { # ratio LABEL A B TARGET: req/s of A over B, and p99 of A over B
  local a=${RPS[$2]:-0} b=${RPS[$3]:-0}
  awk -v a="$a" -v b="$b" 'BEGIN {exit !(a > 0 && b > 0)}' || return 0
  ratios+=("- $1: $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')x req/s (target $4), p99 $(awk -v a="${P99[$2]}" -v b="${P99[$3]}" 'BEGIN {printf "%.2f", a / b}')x (target <= 2x)")
}

echo "bench: warming up for ${WARMUP}s each..." >&2
wrk -t1 -c"$CONNS" -d"${WARMUP}s" -H "Authorization: $BASIC" -H "X-Client-Key: $KEY" "$P/p/basic/ok.txt" >/dev/null
wrk -t1 -c"$CONNS" -d"${WARMUP}s" "$N/p/basic/ok.txt" >/dev/null
scenario "nginx proxy_pass, static file" "$proxy_worker" "$N/p/basic/ok.txt"
scenario "portcullis Basic + client key, static file" "$ppid" "$P/p/basic/ok.txt" -H "Authorization: $BASIC" -H "X-Client-Key: $KEY"

lines=$(( 100000 * (DURATION + REPLAY_WARMUP) ))
echo "bench: pre-signing $lines KSig1 requests..." >&2
"$JAVA_HOME/bin/java" -cp client/target/classes bench/wrk/Ksig1Presign.java "$KEY" "$SECRET" "$P/p/ksig1/ok.txt" "$lines" \
  | /usr/bin/python3 bench/wrk/raw_requests.py "127.0.0.1:$PPORT" /p/ksig1/ok.txt 'Authorization: {0}' "X-API-Key: $KEY" \
      'X-API-Timestamp: {1}' 'X-API-Nonce: {2}' > "$work/ksig1.raw"
replay_scenario "nginx proxy_pass, static file, Replay of the KSig1 requests" "$proxy_worker" "127.0.0.1:$NPORT" "$work/ksig1.raw"
replay_scenario "portcullis KSig1, static file (Replay)" "$ppid" "127.0.0.1:$PPORT" "$work/ksig1.raw"
rm -f "$work/ksig1.raw"

# 1 MiB uploads and 10 MiB downloads, 4 connections
cat > "$work/upload.lua" <<LUA
local f = io.open("$work/upload.bin", "rb")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/octet-stream"
LUA
CONNS=4 scenario "nginx proxy_pass, 1 MiB upload (-c4)" "$proxy_worker" "$N/p/basic/upload" -s "$work/upload.lua"
CONNS=4 scenario "portcullis Basic + client key, 1 MiB upload (-c4)" "$ppid" "$P/p/basic/upload" -s "$work/upload.lua" \
  -H "Authorization: $BASIC" -H "X-Client-Key: $KEY"
heap_before=$(grep VmHWM "/proc/$ppid/status" | awk '{print $2}')
CONNS=4 scenario "nginx proxy_pass, 10 MiB download (-c4)" "$proxy_worker" "$N/p/basic/big.bin"
CONNS=4 scenario "portcullis Basic + client key, 10 MiB download (-c4)" "$ppid" "$P/p/basic/big.bin" \
  -H "Authorization: $BASIC" -H "X-Client-Key: $KEY"

ratio "Basic + key, static file, vs nginx proxy_pass" "portcullis Basic + client key, static file" "nginx proxy_pass, static file" ">= 0.8x"
ratio "KSig1, static file, vs nginx proxy_pass (both driven by Replay)" "portcullis KSig1, static file (Replay)" \
  "nginx proxy_pass, static file, Replay of the KSig1 requests" ">= 0.8x"
ratio "1 MiB upload vs nginx proxy_pass" "portcullis Basic + client key, 1 MiB upload (-c4)" "nginx proxy_pass, 1 MiB upload (-c4)" ">= 0.67x (time within 1.5x)"
ratio "10 MiB download vs nginx proxy_pass" "portcullis Basic + client key, 10 MiB download (-c4)" "nginx proxy_pass, 10 MiB download (-c4)" ">= 0.67x (time within 1.5x)"
{
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores: \`DURATION=$DURATION WARMUP=$WARMUP bench/proxy.sh\`; wrk -t1 -c$CONNS (-c4 for the bodies) -d${DURATION}s, Replay for KSig1; nginx 1.22 1 worker as proxy, another as the upstream (static files; the upload location reads and discards the body). Portcullis peak RSS $(grep VmHWM "/proc/$ppid/status" | awk '{print $2}') kB after the body scenarios."
  echo
  echo "| scenario | req/s | p50 | p99 | req per server CPU-s | non-2xx |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  printf '%s\n' "${ratios[@]}"
} | tee bench/results/proxy.md
