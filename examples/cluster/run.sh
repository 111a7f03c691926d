#!/usr/bin/env bash
# Two Portcullis nodes on one PostgreSQL and one Redis, behind an nginx round-robin, all on
# loopback with throwaway data directories. Prints the demo's curl lines against the nginx port;
# every request may land on either node. Ctrl-C stops everything and deletes the data.
#
#   examples/cluster/run.sh            # nginx on 8080, nodes on 8081 and 8082
#   PORT=9000 examples/cluster/run.sh  # nginx on 9000, nodes on 9001 and 9002
#
# Needs (installed from Debian's packages when missing and run as root): postgresql, redis-server,
# nginx-light.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
PORT=${PORT:-8080}
N1=$((PORT + 1))
N2=$((PORT + 2))

need=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "cluster: installing ${need[*]} from Debian's packages..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null; }
  else
    echo "cluster: install ${need[*]} first (apt-get install ${need[*]})" >&2; exit 1
  fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

work=$(mktemp -d /tmp/portcullis-cluster.XXXXXX)
chmod 755 "$work"
pids=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
stop() {
  trap - INT TERM EXIT
  echo; echo "cluster: stopping..." >&2
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  as_pg "$PGBIN/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap stop INT TERM EXIT
free_port() { local p=$1; while (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }

# ---- PostgreSQL
PGPORT=$(free_port 25440)
mkdir -p "$work/pg"; [ "$(id -u)" = 0 ] && chown postgres "$work" "$work/pg"
as_pg "$PGBIN/initdb" -D "$work/pg" -A trust -U postgres >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -o "-p $PGPORT -k $work -c listen_addresses=127.0.0.1" start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres portcullis
echo "cluster: PostgreSQL on 127.0.0.1:$PGPORT" >&2

# ---- Redis
RPORT=$(free_port 26390)
redis-server --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do redis-cli -p "$RPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
echo "cluster: Redis on 127.0.0.1:$RPORT" >&2

# ---- two nodes: the demo routes and data, on the shared stores
export PORTCULLIS_STORE_URL="jdbc:postgresql://127.0.0.1:$PGPORT/portcullis"
export PORTCULLIS_STORE_USERNAME=postgres
export PORTCULLIS_REDIS_URL="redis://127.0.0.1:$RPORT/0"
export PORTCULLIS_MASTER_KEY=${PORTCULLIS_MASTER_KEY:-$(head -c 32 /dev/urandom | base64)}
export PORTCULLIS_ADMIN_TOKEN=${PORTCULLIS_ADMIN_TOKEN:-cluster-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')}
./portcullis --help >/dev/null   # builds the server once, before two nodes race to do it
node() { # PORT NAME
  ./portcullis demo --port "$1" --data "$work/$2" --advertise-url "http://127.0.0.1:$PORT" >"$work/$2.out" 2>"$work/$2.err" &
  pids+=($!)
  for _ in $(seq 1 90); do
    grep -q "Internal app" "$work/$2.out" 2>/dev/null && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 1
  done
  echo "cluster: node $2 did not start:" >&2; cat "$work/$2.err" >&2; exit 1
}
node "$N1" node-a   # seeds the demo data
node "$N2" node-b   # finds it again
echo "cluster: nodes on 127.0.0.1:$N1 and 127.0.0.1:$N2" >&2

# ---- nginx round-robin in front
cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  upstream portcullis { server 127.0.0.1:$N1; server 127.0.0.1:$N2; keepalive 32; }
  server {
    listen 127.0.0.1:$PORT;
    location / {
      proxy_pass http://portcullis;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
    }
  }
}
NGINX
"$NGINX" -c "$work/nginx.conf" -p "$work"
echo "cluster: nginx round-robin on 127.0.0.1:$PORT" >&2
cat "$work/node-a.out" | sed "s/Portcullis demo is running on/Portcullis cluster (2 nodes behind nginx) is running on/"
echo "(each request goes to node A or node B; X-Portcullis-* answers come from either)"
wait "${pids[@]}" 2>/dev/null || true
