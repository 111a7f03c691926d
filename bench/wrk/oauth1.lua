-- wrk script for OAuth 1.0a: walks through pre-signed Authorization headers (one per line, unique
-- nonces) made by bench/wrk/oauth1_presign.py. When the file runs out it starts again, and the
-- gateway answers those replays 401 nonce_used: pre-sign more lines than requests (wrk shows them
-- as non-2xx). File: env OAUTH1_HEADERS (default /tmp/oauth1.headers).
local path = os.getenv("OAUTH1_HEADERS") or "/tmp/oauth1.headers"
local headers = {}
for line in io.lines(path) do
  headers[#headers + 1] = line
end
local i = 0

request = function()
  i = i + 1
  if i > #headers then i = 1 end
  return wrk.format("GET", "/v2/whoami", { ["Authorization"] = headers[i] })
end
