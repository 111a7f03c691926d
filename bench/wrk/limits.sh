# Sourced by bench/run.sh after the Basic scenarios: the same Basic + key request with a rate limit
# (the client's own, set through the admin API, so high it never refuses: every request pays the
# decision and carries the RateLimit fields), then the limit cleared again.
# Uses: BASE KEY BASIC ppid scenario().
limit() {
  curl -s -o /dev/null -w '%{http_code}' -X PATCH -H "Authorization: Bearer bench-admin-token-123" \
    -H 'Content-Type: application/json' -d "{\"rate_limit\":$1}" "$BASE/admin/clients/$KEY"
}
[ "$(limit '{"requests":100000000,"window_seconds":1}')" = 200 ] || { echo "bench: could not set the rate limit" >&2; exit 1; }
curl -s -D - -o /dev/null -H "Authorization: $BASIC" -H "X-Client-Key: $KEY" "$BASE/v2/whoami" | grep -qi '^RateLimit:' \
  || { echo "bench: the rate-limited request carries no RateLimit field" >&2; exit 1; }
scenario "portcullis Basic + client key /v2/whoami, rate-limited" "$ppid" "$BASE/v2/whoami" -H "Authorization: $BASIC" -H "X-Client-Key: $KEY"
limit null >/dev/null
