# Sourced by ./run-tests: starts a throwaway PostgreSQL on loopback for the store tests and exports
# PORTCULLIS_TEST_PG_URL. Installs Debian's postgresql when it is missing and we are root.
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
if [ -z "$(pg_bin)" ] && can_install; then
  echo "run-tests: installing PostgreSQL from Debian's packages..."
  deb_install postgresql
fi
PGBIN=$(pg_bin)
if [ -z "$PGBIN" ]; then
  echo "run-tests: PostgreSQL is not installed; install it (apt-get install postgresql) to run the store tests on it" >&2
  return 1
fi
PG_DIR=$(mktemp -d /tmp/portcullis-pg.XXXXXX)
PG_PORT=25432  # below the ephemeral range (32768-60999): no client socket in TIME_WAIT holds it
while (exec 3<>/dev/tcp/127.0.0.1/$PG_PORT) 2>/dev/null; do PG_PORT=$((PG_PORT + 1)); done
pg_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
pg_as "$PGBIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >"$PG_DIR/initdb.log" 2>&1 \
  || { cat "$PG_DIR/initdb.log" >&2; return 1; }
pg_as "$PGBIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null \
  || { cat "$PG_DIR/server.log" >&2; return 1; }
pg_as "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres portcullis_test
pg_stop() { pg_as "$PGBIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1; rm -rf "$PG_DIR"; }
export PORTCULLIS_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/portcullis_test"
export PORTCULLIS_TEST_PG_USER=postgres
echo "run-tests: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
