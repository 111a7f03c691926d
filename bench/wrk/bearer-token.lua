-- wrk: token issuance at POST /api/token (seed 002): form body + HTTP Basic client_key:client_secret.
--   export BASIC=$(printf %s "$CLIENT_KEY:$CLIENT_SECRET" | base64 -w0)
--   curl -s -H "Authorization: Basic $BASIC" -d grant_type=client_credentials http://127.0.0.1:8080/api/token  # expect 200
--   wrk -t1 -c16 -d15s --latency -s bench/wrk/bearer-token.lua http://127.0.0.1:8080/api/token
-- (no response() callback on purpose: it would slow wrk down; check the status with curl first)
local basic = os.getenv("BASIC") or error("set BASIC to base64(client_key:client_secret)")
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. basic
