#!/usr/bin/env bash
# Keycloak's client_credentials token rate on this machine, for comparison with Portcullis'
# POST /api/token (issue 5: token issuance >= 20x Keycloak).
#
#   flock /tmp/portcullis-build.lock bench/keycloak.sh      # 15 s measured after a 30 s warm-up
#   DURATION=5 WARMUP=5 bench/keycloak.sh                    # quicker
#
# Fetches org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip from Maven Central with the Maven
# wrapper into ${KEYCLOAK_HOME:-~/.cache/portcullis-bench} (once), unpacks it there, starts
# `kc.sh start-dev` (embedded H2, fresh data every run) on 127.0.0.1:$KPORT with a JDK >= 21, creates
# a realm and a confidential client with service accounts through the admin REST API, checks that
# one client_credentials request answers 200, then runs wrk -t1 -c$CONNS with bench/wrk/bearer-token.lua
# (POST grant_type=client_credentials, Basic client auth) and measures Keycloak's CPU from /proc/PID/stat.
#
# Output: progress on stderr; the last (and only) line on stdout is a row for bench/run.sh's table:
#   | keycloak client_credentials token (-c16) | req/s | p50 | p99 | req per server CPU-s | non-2xx |
# so bench/run.sh can do: row=$(bench/keycloak.sh | tail -n1)
# It exports nothing, takes no lock itself (wrap it in flock, or call it from something that holds
# the lock) and stops Keycloak on exit, whatever the reason.
#
# Settings (environment): DURATION (15), WARMUP (30), CONNS (16), KPORT (18092), KC_VERSION (26.7.3),
# KEYCLOAK_HOME (cache dir), KC_HEAP (-Xms512m -Xmx1g, the heap bench/run.sh gives Portcullis),
# KC_START_TIMEOUT (240 s), FETCH_TIMEOUT (900 s). Needs wrk, curl, unzip.
set -euo pipefail
exec 3>&1 1>&2          # everything goes to stderr; the result row is written to fd 3 (stdout)
cd "$(dirname "$0")/.."
root=$(pwd)
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-30}   # Keycloak is a big JVM app: after 10 s it gave 238 req/CPU-s here, after 30 s 297
CONNS=${CONNS:-16}
KPORT=${KPORT:-18092}
KC_VERSION=${KC_VERSION:-26.7.3}
KC_HEAP=${KC_HEAP:--Xms512m -Xmx1g}
KC_START_TIMEOUT=${KC_START_TIMEOUT:-240}
FETCH_TIMEOUT=${FETCH_TIMEOUT:-900}
cache=${KEYCLOAK_HOME:-$HOME/.cache/portcullis-bench}

die() { echo "keycloak-bench: $*" >&2; exit 1; }

for tool in wrk curl unzip timeout; do
  command -v "$tool" >/dev/null || die "needs $tool (Debian: apt-get install wrk curl unzip)"
done
# JDK >= 21, found by scripts/jdk.sh in a subshell so that nothing is exported from here.
java_home=$(source scripts/jdk.sh && printf '%s' "$JAVA_HOME") || die "no JDK >= 21 found (see above)"

# ---- fetch and unpack the distribution (cached outside the repository)
mkdir -p "$cache"
zip="$cache/keycloak-quarkus-dist-$KC_VERSION.zip"
kc="$cache/keycloak-$KC_VERSION"
if [ ! -x "$kc/bin/kc.sh" ]; then
  if [ ! -s "$zip" ]; then
    echo "keycloak-bench: fetching org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip from Maven Central..." >&2
    fetch_log=$(mktemp /tmp/keycloak-fetch.XXXXXX)
    # Run outside the repository (no project: only the plugin is resolved, not our BOMs); -U: retry
    # even if an earlier failure was cached; timeout: a stalled connection must not hang the bench.
    if ! (cd "$cache" && JAVA_HOME=$java_home timeout --kill-after=10 "$FETCH_TIMEOUT" "$root/mvnw" -B -ntp -U -q \
         -Daether.connector.connectTimeout=20000 -Daether.connector.requestTimeout=60000 \
         org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
         -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
         -DoutputDirectory="$cache") </dev/null >"$fetch_log" 2>&1 || [ ! -s "$zip" ]; then
      { grep '^\[ERROR\] [^ ]' "$fetch_log" | grep -v 'Re-run Maven\|full stack trace\|possible solutions\|\[Help ' | head -n 4; } >&2 \
        || tail -n 15 "$fetch_log" >&2
      rm -f "$fetch_log" "$zip"
      die "could not download org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip from Maven Central (refused, unreachable or timed out after ${FETCH_TIMEOUT}s; Maven's messages above). No Keycloak figure. Put the zip at $zip to skip the download."
    fi
    rm -f "$fetch_log"
  fi
  echo "keycloak-bench: unpacking $zip..." >&2
  unpack=$(mktemp -d "$cache/unpack.XXXXXX")
  unzip -q "$zip" -d "$unpack" || { rm -rf "$unpack"; die "could not unzip $zip (corrupt? delete it to download again)"; }
  [ -x "$unpack/keycloak-$KC_VERSION/bin/kc.sh" ] || { rm -rf "$unpack"; die "$zip holds no keycloak-$KC_VERSION/bin/kc.sh"; }
  rm -rf "$kc"
  mv "$unpack/keycloak-$KC_VERSION" "$kc"
  rm -rf "$unpack"
fi

# ---- start Keycloak (dev mode, embedded H2), fresh data every run
base="http://127.0.0.1:$KPORT"
if curl -s -o /dev/null --max-time 2 "$base/"; then
  die "something already answers on port $KPORT; set KPORT to a free port"
fi
work=$(mktemp -d /tmp/keycloak-bench.XXXXXX)
kcpid=""
cleanup() {
  local status=$?
  if [ -n "$kcpid" ] && kill -0 "$kcpid" 2>/dev/null; then
    echo "keycloak-bench: stopping Keycloak..." >&2
    local javapid
    javapid=$(pgrep -P "$kcpid" 2>/dev/null || true)
    kill -TERM "$kcpid" 2>/dev/null || true          # kc.sh forwards TERM to java and waits for it
    for _ in $(seq 1 60); do
      kill -0 "$kcpid" 2>/dev/null || break
      sleep 0.5
    done
    kill -KILL "$kcpid" $javapid 2>/dev/null || true
    wait "$kcpid" 2>/dev/null || true
    for p in $javapid; do                             # java orphaned by a KILLed kc.sh: make sure it is gone
      for _ in $(seq 1 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.25; done
    done
  fi
  if [ "$status" != 0 ] && [ -f "$work/kc.log" ]; then
    echo "keycloak-bench: last lines of Keycloak's log:" >&2
    tail -n 20 "$work/kc.log" >&2
  fi
  rm -rf "$work"
  [ -n "${kc:-}" ] && rm -rf "$kc/data"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$kc/data"
admin_pw="bench-admin-$RANDOM$RANDOM"
echo "keycloak-bench: starting Keycloak $KC_VERSION on $base (start-dev, heap $KC_HEAP)..." >&2
JAVA_HOME=$java_home PATH="$java_home/bin:$PATH" JAVA_OPTS_KC_HEAP="$KC_HEAP" \
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$admin_pw" \
  "$kc/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KPORT" </dev/null >"$work/kc.log" 2>&1 &
kcpid=$!
started=$SECONDS
until curl -sf -o /dev/null --max-time 2 "$base/realms/master"; do
  kill -0 "$kcpid" 2>/dev/null || { kcpid=""; die "Keycloak exited during start-up"; }
  [ $((SECONDS - started)) -lt "$KC_START_TIMEOUT" ] || die "Keycloak did not answer within ${KC_START_TIMEOUT}s"
  sleep 1
done
echo "keycloak-bench: Keycloak answers after $((SECONDS - started))s" >&2
# The process to measure: kc.sh runs java as a child (or execs it after a re-augmentation).
if [ "$(cat "/proc/$kcpid/comm")" = java ]; then
  javapid=$kcpid
else
  javapid=$(pgrep -P "$kcpid" -x java | head -n1 || true)
fi
[ -n "$javapid" ] || die "could not find Keycloak's java process under kc.sh (pid $kcpid)"

# ---- realm + confidential client with service accounts, through the admin REST API
token_json=$(curl -sf --max-time 30 -d grant_type=password -d client_id=admin-cli -d username=admin \
  --data-urlencode "password=$admin_pw" "$base/realms/master/protocol/openid-connect/token") \
  || die "could not get an admin token from the master realm"
admin_token=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' <<<"$token_json")
[ -n "$admin_token" ] || die "no access_token in the master realm's answer"
admin() {   # admin METHOD PATH JSON -> HTTP status
  curl -s -o "$work/admin.out" -w '%{http_code}' --max-time 60 -X "$1" -H "Authorization: Bearer $admin_token" \
    -H 'Content-Type: application/json' -d "$3" "$base/admin$2" || true
}
code=$(admin POST /realms '{"realm":"bench","enabled":true}')
[ "$code" = 201 ] || die "creating realm 'bench' answered $code: $(cat "$work/admin.out")"
client_id=bench-client
client_secret="bench-secret-$RANDOM$RANDOM$RANDOM"
code=$(admin POST /realms/bench/clients "{\"clientId\":\"$client_id\",\"enabled\":true,\"protocol\":\"openid-connect\",
  \"publicClient\":false,\"clientAuthenticatorType\":\"client-secret\",\"secret\":\"$client_secret\",
  \"serviceAccountsEnabled\":true,\"standardFlowEnabled\":false,\"directAccessGrantsEnabled\":false}")
[ "$code" = 201 ] || die "creating client '$client_id' answered $code: $(cat "$work/admin.out")"

url="$base/realms/bench/protocol/openid-connect/token"
basic=$(printf '%s:%s' "$client_id" "$client_secret" | base64 -w0)
code=$(curl -s -o "$work/token.out" -w '%{http_code}' --max-time 30 -H "Authorization: Basic $basic" \
  -d grant_type=client_credentials "$url" || true)
[ "$code" = 200 ] && grep -q '"access_token"' "$work/token.out" \
  || die "client_credentials token request answered $code: $(head -c 300 "$work/token.out")"
echo "keycloak-bench: client_credentials answers 200 with an access_token" >&2

# ---- measure (same wrk settings and formulas as bench/run.sh)
lua="$root/bench/wrk/bearer-token.lua"
echo "keycloak-bench: warming up for ${WARMUP}s..." >&2
BASIC=$basic wrk -t1 -c"$CONNS" -d"${WARMUP}s" -s "$lua" "$url" >/dev/null
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
before=$(cpu_ticks "$javapid")
out=$(BASIC=$basic wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s "$lua" "$url") || die "wrk failed: $out"
after=$(cpu_ticks "$javapid")
rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
p50=$(awk '$1=="50%" {print $2}' <<<"$out")
p99=$(awk '$1=="99%" {print $2}' <<<"$out")
errs=$(awk '/Non-2xx or 3xx responses/ {print $5}' <<<"$out")
cpu=$(awk -v a="$before" -v b="$after" -v hz="$hz" 'BEGIN {printf "%.2f", (b - a) / hz}')
per=$(awk -v r="$rps" -v d="$DURATION" -v c="$cpu" 'BEGIN {if (c > 0) printf "%.0f", r * d / c; else print "-"}')
[ -n "$rps" ] || die "could not read wrk's output: $out"
name="keycloak client_credentials token (-c$CONNS)"
printf '%-48s %8s req/s  p50 %-8s p99 %-8s %8s req/CPU-s  non-2xx %s  (Keycloak CPU %ss in %ss)\n' \
  "$name" "$rps" "$p50" "$p99" "$per" "${errs:-0}" "$cpu" "$DURATION" >&2
echo "| $name | $rps | $p50 | $p99 | $per | ${errs:-0} |" >&3
