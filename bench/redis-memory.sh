#!/usr/bin/env bash
# Bytes per nonce in Redis, from Redis's own INFO memory: used_memory before and after N SETs of the key
# RedisReplayStore writes (p: + 11 bytes of SHA-256 of "ksig1:<client key>:<nonce>", value 1, PX 600000),
# on a throwaway redis-server, sent with redis-cli --pipe; then the same N with the raw keys of the versions
# before (portcullis:replay:ksig1:<client key>:<nonce>) for comparison.
#
#   bench/redis-memory.sh                # N = 1,100,000 (just past a doubling of Redis's tables) and 2,000,000
#   NS="4000000" bench/redis-memory.sh
#
# Needs redis-server, redis-cli and python3. Writes bench/results/redis-memory.md.
set -euo pipefail
cd "$(dirname "$0")/.."
NS=${NS:-1100000 2000000}
RPORT=${RPORT:-26492}
work=$(mktemp -d /tmp/portcullis-redis-memory.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
redis-server --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pid=$!
for _ in $(seq 1 50); do redis-cli -p "$RPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
used() { redis-cli -p "$RPORT" info memory | awk -F: '/^used_memory:/ {print $2+0}'; }
# RESP for N "SET key 1 NX PX 600000", keys in the given layout; nonces as bench/wrk/Ksig1Presign.java makes them
resp() { # hashed|raw
  python3 - "$1" "$N" <<'PY'
import hashlib, sys
layout, n = sys.argv[1], int(sys.argv[2])
client = "pk_demo_0123456789abcdef"  # a client key of the demo's length
out = sys.stdout.buffer
def bulk(b): return b"$%d\r\n%s\r\n" % (len(b), b)
tail = bulk(b"1") + bulk(b"NX") + bulk(b"PX") + bulk(b"600000")
buf = []
for i in range(n):
    claim = ("ksig1:%s:wrk-t6hq2k-%s" % (client, format(i, "x"))).encode()
    key = b"p:" + hashlib.sha256(claim).digest()[:11] if layout == "hashed" else b"portcullis:replay:" + claim
    buf.append(b"*6\r\n$3\r\nSET\r\n" + bulk(key) + tail)
    if len(buf) == 10000:
        out.write(b"".join(buf)); buf = []
out.write(b"".join(buf))
PY
}
measure() { # layout
  redis-cli -p "$RPORT" flushall > /dev/null
  local before after keys
  before=$(used)
  resp "$1" | redis-cli -p "$RPORT" --pipe > "$work/pipe.log"
  sleep 3 # lets Redis finish rehashing a table it has just doubled (1 ms every 100 ms), which frees the old one
  after=$(used)
  keys=$(redis-cli -p "$RPORT" dbsize)
  [ "$keys" = "$N" ] || { echo "redis-memory: $keys keys, expected $N" >&2; cat "$work/pipe.log" >&2; exit 1; }
  echo "| $2 | $N | $before | $after | $(awk -v a="$after" -v b="$before" -v n="$N" 'BEGIN {printf "%.1f", (a - b) / n}') |"
}
{
  echo "Measured $(date -u +%Y-%m-%d) with $(redis-server --version | awk '{print $1, $2, $3}'), INFO memory used_memory before and after N SET key 1 NX PX 600000 (bench/redis-memory.sh)."
  echo
  echo "| key layout | N | used_memory before | after | bytes per nonce |"
  echo "| --- | --- | --- | --- | --- |"
  for N in $NS; do
    measure hashed '`p:` + 11 bytes of SHA-256 (13-byte key, this version)'
    measure raw '`portcullis:replay:ksig1:<client key>:<nonce>` (before)'
  done
} | tee bench/results/redis-memory.md
