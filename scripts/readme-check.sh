#!/usr/bin/env bash
# Runs the README's command lines as a new user pastes them, in order: each ```sh block after a
# "<!-- readme-check: demo -->" or "<!-- readme-check: serve -->" marker, in a fresh folder that
# holds links to this checkout (so ./demo-data and ./data start empty). Port 8080 in the lines is
# replaced by a free port (other gateways may run on this machine). Fails on the first line that
# exits non-zero or an HTTP answer the line does not expect. Needs the built jar (./portcullis builds it).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d /tmp/portcullis-readme.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
for f in "$repo"/*; do ln -s "$f" "$work/$(basename "$f")"; done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
block() { # block NAME: the sh block after the marker
  awk -v m="<!-- readme-check: $1 -->" '$0==m {on=1; next} on && /^```sh/ {in_=1; next} in_ && /^```/ {exit} in_ {print}' "$repo/README.md"
}
cd "$work"
port=$(free_port); upstream=$(free_port)
echo "readme-check: demo on port $port"
./portcullis demo --port "$port" > demo.log 2>&1 &
pids+=($!)
for i in $(seq 1 120); do [ -f demo-data/demo.env ] && break; sleep 0.5; done
[ -f demo-data/demo.env ] || { cat demo.log; echo "readme-check: the demo did not start" >&2; exit 1; }
# Each curl line must answer; the README's own comments say which status each gives.
codes=$( (block demo | sed "s/8080/$port/g"; echo) | sed -E 's/^curl /curl -s -o \/dev\/null -w "%{http_code}\\n" /; s/^(eval .*)$/\1; echo/' | bash -e 2>&1) \
  || { echo "$codes"; echo "readme-check: a demo line failed" >&2; exit 1; }
expected=$'200\n200\n400\n403\n401\n200\n200\n200\n200\n200\n200\n200\n403'
got=$(echo "$codes" | grep -E '^[0-9]{3}$' || true)
ksig=$(echo "$codes" | grep -c '"scheme":"ksig1"' || true)
if [ "$(echo "$got" | head -13)" != "$expected" ] || [ "$ksig" != 1 ]; then
  echo "$codes"; echo "readme-check: demo lines answered unexpected statuses" >&2; exit 1
fi
echo "readme-check: demo lines ok ($(echo "$got" | wc -l) requests)"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
port=$(free_port)
echo "readme-check: serve on port $port, upstream on $upstream"
rm examples && mkdir examples && sed "s/127.0.0.1:9000/127.0.0.1:$upstream/" "$repo/examples/portcullis.yaml" > examples/portcullis.yaml
{ echo 'trap "kill \$(jobs -p) 2>/dev/null" EXIT'
  block serve | sed "s/8080/$port/g; s/9000/$upstream/g; s#--config examples/portcullis.yaml#--config examples/portcullis.yaml --port $port#"
} > serve.sh
PORTCULLIS_URL="http://127.0.0.1:$port" bash -e serve.sh > serve.log 2>&1 \
  || { cat serve.log; echo "readme-check: a serve line failed" >&2; exit 1; }
grep -q '^Server: SimpleHTTP' serve.log \
  || { cat serve.log; echo "readme-check: the deployment example did not reach its upstream" >&2; exit 1; }
echo "readme-check: serve lines ok"
