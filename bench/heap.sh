#!/usr/bin/env bash
# Heap with full caches (issue 17 part 5): N accounts and N clients (one each) written into the store
# (HeapFill; one shared Argon2id hash), `portcullis serve` started on it with the flags of ./portcullis,
# every client and its account authenticated once (one pre-signed KSig1 request each, sent by Replay),
# then a full GC (jcmd GC.run) and the heap in use (jcmd GC.heap_info). Prints one Markdown line.
#   bench/heap.sh            # N=100000
#   N=10000 bench/heap.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
N=${N:-100000}
PORT=${PORT:-18098}
[ -f server/target/portcullis.jar ] && [ -f bench/target/benchmarks.jar ] || ./mvnw -B -q -ntp -DskipTests -pl server,bench -am package
work=$(mktemp -d /tmp/portcullis-heap.XXXXXX)
pid=
trap 'kill $pid 2>/dev/null || true; sleep 1; rm -rf "$work"' EXIT
export PORTCULLIS_MASTER_KEY=$(openssl rand -base64 32) PORTCULLIS_ADMIN_TOKEN=heap-bench-admin-token PORTCULLIS_NONCES_PER_CLIENT=0
sed -e "s|^  port: 8080$|  port: $PORT|" server/src/main/resources/demo.yaml > "$work/serve.yaml"
t0=$(date +%s)
"$JAVA_HOME/bin/java" -cp bench/target/benchmarks.jar portcullis.bench.HeapFill fill "$work/serve.yaml" "$work/data" "$N" "$work/keys.tsv"
echo "bench: $N accounts and clients written in $(( $(date +%s) - t0 )) s" >&2
"$JAVA_HOME/bin/java" $(./portcullis --print-java-flags) -jar server/target/portcullis.jar serve --config "$work/serve.yaml" \
  --data "$work/data" > "$work/serve.out" 2>&1 &
pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz" 2>/dev/null)" = 200 ]; do
  sleep 0.2; kill -0 $pid 2>/dev/null || { cat "$work/serve.out" >&2; exit 1; }
done
"$JAVA_HOME/bin/java" -cp bench/target/benchmarks.jar portcullis.bench.HeapFill sign "$work/keys.tsv" "127.0.0.1:$PORT" \
  /api/signed/whoami "$work/heap.raw"
out=$(REPLAY_ONCE=1 "$JAVA_HOME/bin/java" -Xmx256m -cp bench/target/benchmarks.jar portcullis.bench.Replay "127.0.0.1:$PORT" \
  "$work/heap.raw" 64 $(( N / 5000 + 10 )))
sent=$(awk '/requests in/ {print $1}' <<<"$out")
bad=$(awk '/Non-2xx/ {print $5}' <<<"$out")
"$JAVA_HOME/bin/jcmd" "$pid" GC.run >/dev/null
sleep 1
info=$("$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info)
used_k=$(grep -E '^ *(PSYoungGen|ParOldGen)' <<<"$info" | grep -oE 'used [0-9]+K' | awk '{gsub("K","",$2); s+=$2} END {print s}')
echo "$info" >&2
"$JAVA_HOME/bin/jcmd" "$pid" GC.class_histogram | head -25 >&2   # what the heap holds, largest first
echo "| $N accounts + $N clients, each authenticated once (KSig1: $sent requests, ${bad:-0} non-2xx), after a full GC | $(( used_k / 1024 )) MiB heap used | flags: $(./portcullis --print-java-flags | sed -E 's/-XX:(SharedArchiveFile|AOTCache)=[^ ]* //') |"
