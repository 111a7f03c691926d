-- Digest + client key requests pre-signed by digest_presign.py (each (nonce, nc) used once).
--   DIGEST_DIR=/tmp/portcullis-digest wrk -t1 -c64 -d15s --latency -s bench/wrk/digest.lua http://127.0.0.1:8080/v2/whoami
-- Use -t1: each wrk thread has its own Lua state and would replay the same requests. Make COUNT
-- larger than the requests wrk will send (warm-up included): past the end it wraps, and replays get 401.
local dir = os.getenv("DIGEST_DIR") or "/tmp/portcullis-digest"

local function lines(name)
  local t = {}
  for l in io.lines(dir .. "/" .. name) do t[#t + 1] = l end
  return t
end

local meta = lines("meta.txt")
local user, realm, uri, alg, opaque, key = meta[1], meta[2], meta[3], meta[4], meta[5], meta[6]
local nonces = lines("nonces.txt")
local responses = lines("responses.txt")
local k = #nonces
local i = 0
local prefix = 'Digest username="' .. user .. '", realm="' .. realm .. '", uri="' .. uri .. '", algorithm=' .. alg
    .. ', qop=auth, cnonce="wrk", opaque="' .. opaque .. '", nonce="'

request = function()
  if i >= #responses then i = 0 end
  local nonce = nonces[(i % k) + 1]
  local nc = string.format("%08x", math.floor(i / k) + 1)
  i = i + 1
  return wrk.format("GET", uri, {
    ["Authorization"] = prefix .. nonce .. '", nc=' .. nc .. ', response="' .. responses[i] .. '"',
    ["X-Client-Key"] = key,
  })
end
