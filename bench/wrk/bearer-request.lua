-- wrk: Bearer requests at GET /api/whoami with one token (answered from the verified-token cache;
-- expiry, revocation, client and owner status are still checked on every request).
-- The default TTL is 600 s: fetch the token right before the run (or raise schemes.bearer.ttlSeconds).
--   export TOKEN=$(curl -s -u "$CLIENT_KEY:$CLIENT_SECRET" -d grant_type=client_credentials \
--       http://127.0.0.1:8080/api/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
--   curl -s -o /dev/null -w '%{http_code}\n' -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/whoami  # expect 200
--   wrk -t1 -c64 -d15s --latency -s bench/wrk/bearer-request.lua http://127.0.0.1:8080/api/whoami
local token = os.getenv("TOKEN") or error("set TOKEN")
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. token
