# Sourced by ./run-tests: starts a throwaway redis-server on loopback (no persistence, its own
# directory) for the Redis tests and exports PORTCULLIS_TEST_REDIS_URL. Installs Debian's
# redis-server when it is missing and we are root. redis_stop (in the EXIT trap) stops it.
redis_bin() { command -v redis-server 2>/dev/null || { [ -x /usr/bin/redis-server ] && echo /usr/bin/redis-server; }; }
if [ -z "$(redis_bin)" ] && can_install; then
  echo "run-tests: installing redis-server from Debian's packages..."
  deb_install redis-server
fi
REDIS_BIN=$(redis_bin)
if [ -z "$REDIS_BIN" ]; then
  echo "run-tests: redis-server is not installed; install it (apt-get install redis-server) to run the Redis tests" >&2
  return 1
fi
REDIS_DIR=$(mktemp -d /tmp/portcullis-redis.XXXXXX)
REDIS_PORT=26379  # below the ephemeral port range, like pg.sh
while (exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT) 2>/dev/null; do REDIS_PORT=$((REDIS_PORT + 1)); done
"$REDIS_BIN" --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" --save "" --appendonly no \
  --daemonize yes --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
  || { cat "$REDIS_DIR/redis.log" >&2; return 1; }
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT) 2>/dev/null && break
  sleep 0.1
done
redis_stop() {
  [ -f "$REDIS_DIR/redis.pid" ] && kill "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null
  rm -rf "$REDIS_DIR"
}
export PORTCULLIS_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
echo "run-tests: Redis $("$REDIS_BIN" --version | awk '{print $3}' | cut -d= -f2) on 127.0.0.1:$REDIS_PORT"
