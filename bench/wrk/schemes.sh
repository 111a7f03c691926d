# Sourced by bench/run.sh after the Basic scenarios: one scenario per scheme against the same demo.
# Requests that carry a nonce (Digest, OAuth 1.0a, KSig1) are pre-signed, one nonce each, written
# once as raw HTTP requests (bench/wrk/raw_requests.py) and sent by bench's Replay load generator
# (portcullis.bench.Replay: the file memory-mapped, each request written straight from it, one in flight
# per keep-alive connection, as wrk). It costs the client no more than plain wrk (nginx driven by it
# reaches >= 0.9x plain wrk: the "nginx return 200, Replay" rows), so every scheme is compared with
# nginx `return 200` under plain wrk. A wrk Lua request() would halve wrk's own rate instead.
# Uses: BASE KEY SECRET ppid nginx_worker NPORT work DURATION WARMUP replay_scenario() scenario().
lines=$(( 130000 * (DURATION + REPLAY_WARMUP) ))   # more than the fastest scheme sends (KSig1 ran out at 100k/s)
NGINX_HP="127.0.0.1:$NPORT"
HP="127.0.0.1:$PPORT"

if ! skip "nginx return 200, Replay of the Digest requests / portcullis Digest MD5 + client key /v2/whoami"; then
echo "bench: pre-signing $lines Digest requests..." >&2
/usr/bin/python3 bench/wrk/digest_presign.py "$BASE/v2/whoami" aladdin@example.com 'open sesame' "$KEY" "$lines" "$work/digest" MD5 >/dev/null
/usr/bin/python3 bench/wrk/raw_requests.py --digest "$work/digest" "$HP" > "$work/digest.raw"
rm -rf "$work/digest"
replay_scenario "nginx return 200, Replay of the Digest requests" "$nginx_worker" "$NGINX_HP" "$work/digest.raw"
replay_scenario "portcullis Digest MD5 + client key /v2/whoami" "$ppid" "$HP" "$work/digest.raw"
rm -f "$work/digest.raw"
fi

if ! skip "portcullis OAuth 1.0a HMAC-SHA1 /v2/whoami"; then
echo "bench: pre-signing $lines OAuth 1.0a requests..." >&2
/usr/bin/python3 bench/wrk/oauth1_presign.py "$BASE" "$KEY" "$SECRET" aladdin@example.com 'open sesame' "$lines" \
  | /usr/bin/python3 bench/wrk/raw_requests.py "$HP" /v2/whoami 'Authorization: {0}' > "$work/oauth1.raw"
replay_scenario "portcullis OAuth 1.0a HMAC-SHA1 /v2/whoami" "$ppid" "$HP" "$work/oauth1.raw"
rm -f "$work/oauth1.raw"
fi

ts=$(date +%s%3N)
sk=$(printf '%s%s' "$SECRET" "$ts" | openssl dgst -sha256 -binary | base64)
token=$(curl -s -H 'Content-Type: application/json' -d "{\"publicKey\":\"$KEY\",\"secretKey\":\"$sk\",\"timestamp\":$ts}" "$BASE/v0/tokens" \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
scenario "portcullis key:token /v0/whoami" "$ppid" "$BASE/v0/whoami" -H "Authorization: $KEY:$token"

if ! skip "nginx return 200, Replay of the KSig1 requests / portcullis KSig1 GET /api/signed/whoami"; then
echo "bench: pre-signing $lines KSig1 requests..." >&2
"$JAVA_HOME/bin/java" -cp client/target/classes bench/wrk/Ksig1Presign.java "$KEY" "$SECRET" "$BASE/api/signed/whoami" "$lines" \
  | /usr/bin/python3 bench/wrk/raw_requests.py "$HP" /api/signed/whoami 'Authorization: {0}' "X-API-Key: $KEY" \
      'X-API-Timestamp: {1}' 'X-API-Nonce: {2}' > "$work/ksig1.raw"
replay_scenario "nginx return 200, Replay of the KSig1 requests" "$nginx_worker" "$NGINX_HP" "$work/ksig1.raw"
replay_scenario "portcullis KSig1 GET /api/signed/whoami" "$ppid" "$HP" "$work/ksig1.raw"
rm -f "$work/ksig1.raw"
fi

export BASIC=$(printf %s "$KEY:$SECRET" | base64 -w0)
CONNS=16 scenario "portcullis token issuance POST /api/token (-c16)" "$ppid" "$BASE/api/token" -s bench/wrk/bearer-token.lua
export TOKEN=$(curl -s -u "$KEY:$SECRET" -d grant_type=client_credentials "$BASE/api/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
scenario "portcullis Bearer /api/whoami" "$ppid" "$BASE/api/whoami" -s bench/wrk/bearer-request.lua
