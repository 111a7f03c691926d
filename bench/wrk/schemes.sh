# Sourced by bench/run.sh after the Basic scenarios: one wrk scenario per scheme against the same
# demo. Requests that carry a nonce are pre-signed (one nonce each, more lines than the run sends)
# and sent by a wrk Lua script; a Lua script costs wrk itself about half its request rate, so each
# of those scenarios is compared with nginx `return 200` driven by the same script.
# Uses: BASE KEY SECRET ppid nginx_worker NPORT work DURATION scenario().
lines=$(( 60000 * (DURATION + 5) ))
NGINX_BASE="http://127.0.0.1:$NPORT"

echo "bench: pre-signing $lines Digest requests..." >&2
/usr/bin/python3 bench/wrk/digest_presign.py "$BASE/v2/whoami" aladdin@example.com 'open sesame' "$KEY" "$lines" "$work/digest" MD5 >/dev/null
export DIGEST_DIR="$work/digest"
scenario "nginx return 200, Digest Lua script" "$nginx_worker" "$NGINX_BASE/v2/whoami" -s bench/wrk/digest.lua
scenario "portcullis Digest MD5 + client key /v2/whoami" "$ppid" "$BASE/v2/whoami" -s bench/wrk/digest.lua

echo "bench: pre-signing $lines OAuth 1.0a requests..." >&2
/usr/bin/python3 bench/wrk/oauth1_presign.py "$BASE" "$KEY" "$SECRET" aladdin@example.com 'open sesame' "$lines" > "$work/oauth1.headers"
export OAUTH1_HEADERS="$work/oauth1.headers"
scenario "nginx return 200, OAuth 1.0a Lua script" "$nginx_worker" "$NGINX_BASE/v2/whoami" -s bench/wrk/oauth1.lua
scenario "portcullis OAuth 1.0a HMAC-SHA1 /v2/whoami" "$ppid" "$BASE/v2/whoami" -s bench/wrk/oauth1.lua

ts=$(date +%s%3N)
sk=$(printf '%s%s' "$SECRET" "$ts" | openssl dgst -sha256 -binary | base64)
token=$(curl -s -H 'Content-Type: application/json' -d "{\"publicKey\":\"$KEY\",\"secretKey\":\"$sk\",\"timestamp\":$ts}" "$BASE/v0/tokens" \
  | sed -E 's/.*"token":"([^"]+)".*/\1/')
scenario "portcullis key:token /v0/whoami" "$ppid" "$BASE/v0/whoami" -H "Authorization: $KEY:$token"

echo "bench: pre-signing $lines KSig1 requests..." >&2
"$JAVA_HOME/bin/java" -cp client/target/classes bench/wrk/Ksig1Presign.java "$KEY" "$SECRET" "$BASE/api/signed/whoami" "$lines" > "$work/ksig1.txt"
export KSIG1_KEY="$KEY" KSIG1_FILE="$work/ksig1.txt"
scenario "nginx return 200, KSig1 Lua script" "$nginx_worker" "$NGINX_BASE/api/signed/whoami" -s bench/wrk/ksig1.lua
scenario "portcullis KSig1 GET /api/signed/whoami" "$ppid" "$BASE/api/signed/whoami" -s bench/wrk/ksig1.lua

export BASIC=$(printf %s "$KEY:$SECRET" | base64 -w0)
CONNS=16 scenario "portcullis token issuance POST /api/token (-c16)" "$ppid" "$BASE/api/token" -s bench/wrk/bearer-token.lua
export TOKEN=$(curl -s -u "$KEY:$SECRET" -d grant_type=client_credentials "$BASE/api/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
scenario "portcullis Bearer /api/whoami" "$ppid" "$BASE/api/whoami" -s bench/wrk/bearer-request.lua
