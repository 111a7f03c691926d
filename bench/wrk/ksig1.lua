-- wrk -t1 -c64 -d15s --latency -s bench/wrk/ksig1.lua http://127.0.0.1:8080/api/signed/whoami
-- Env: KSIG1_KEY (client key), KSIG1_FILE (from Ksig1Presign.java). Every request uses the next
-- pre-signed line (its own nonce); once the file is used up, requests repeat nonces and get 401,
-- so generate more lines than the run sends (req/s x (warm-up + duration)). wrk itself reports non-2xx
-- answers; there is no response() callback on purpose (it would cost wrk more CPU than the server spends).
local key = os.getenv("KSIG1_KEY")
local lines, i = {}, 0
for line in io.lines(os.getenv("KSIG1_FILE") or "/tmp/ksig1.txt") do
  local a, t, n = line:match("([^\t]+)\t([^\t]+)\t([^\t]+)")
  lines[#lines + 1] = {a, t, n}
end

request = function()
  i = i + 1
  local l = lines[((i - 1) % #lines) + 1]
  return wrk.format("GET", nil, {["Authorization"] = l[1], ["X-API-Key"] = key, ["X-API-Timestamp"] = l[2], ["X-API-Nonce"] = l[3]})
end
