#!/usr/bin/env bash
# The topology under load (issue 18): release build, a fresh PostgreSQL database, the moto S3
# server, `passerelle serve` instances and HAProxy with deploy/haproxy.cfg, all on loopback; wrk
# through the proxy on a catalogue page and on a write path (a member's basket line, bearer
# token), first with one instance behind the proxy, then with two.
#   benches/topology.sh [seconds]
# Needs haproxy, wrk, psql and the moto server (.ci/topology installs the last in a venv).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
pg="${PASSERELLE_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432/postgres}"
moto="${PASSERELLE_MOTO:-/var/tmp/passerelle-moto/bin/moto_server}"
db="passerelle_topology_bench_$$"
work="$(mktemp -d)"
pids=()
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql -q "$pg" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

cargo build --release --quiet --bin passerelle
bin="$CARGO_TARGET_DIR/release/passerelle"
psql -q "$pg" -c "CREATE DATABASE \"$db\"" >/dev/null
db_url="${pg%/*}/$db"
moto_port="$(free_port)"
"$moto" -H 127.0.0.1 -p "$moto_port" >"$work/moto.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -fs -X PUT "http://127.0.0.1:$moto_port/passerelle-bench" >/dev/null 2>&1 && break; sleep 0.1; done

pa="$(free_port)"; pb="$(free_port)"; proxy="$(free_port)"
export DATABASE_URL="$db_url" PASSERELLE_SECRET_KEY="$(openssl rand -hex 64 | tr -d '\n')"
export PASSERELLE_PUBLIC_URL="http://127.0.0.1:$proxy" PASSERELLE_TRUSTED_PROXIES=1
export PASSERELLE_STORAGE_URL=s3://passerelle-bench AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
export AWS_REGION=us-east-1 AWS_ENDPOINT="http://127.0.0.1:$moto_port" AWS_ALLOW_HTTP=true
export PASSERELLE_DEMO_HISTORY=false PASSERELLE_LOGIN_RATE_IP=1000000 PASSERELLE_LOGIN_RATE_ACCOUNT=1000000
export PASSERELLE_DB_MAX_CONNECTIONS=20 RUST_LOG=error
start() { # name port demo
  PASSERELLE_BIND="127.0.0.1:$2" PASSERELLE_DATA_DIR="$work/$1" PASSERELLE_LOAD_DEMO="$3" \
    "$bin" serve >"$work/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do curl -fs "http://127.0.0.1:$2/healthz/ready" >/dev/null 2>&1 && return; sleep 0.1; done
  cat "$work/$1.log"; echo "instance $1 did not start"; exit 1
}
start a "$pa" true
start b "$pb" false

haproxy_pid=""
proxy_with() { # the servers' ports
  [ -n "$haproxy_pid" ] && { kill "$haproxy_pid"; wait "$haproxy_pid" 2>/dev/null || true; }
  local servers="" i=0
  for p in "$@"; do i=$((i + 1)); servers+="    server s$i 127.0.0.1:$p\n"; done
  grep -vE '^\s*(user|group|daemon|stats socket|log /dev/log)' deploy/haproxy.cfg \
    | sed -e "s/^\(\s*\)bind :80.*/\1bind 127.0.0.1:$proxy/" -e '/^\s*server /d' >"$work/haproxy.cfg"
  printf "$servers" >>"$work/haproxy.cfg"
  haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
  haproxy_pid=$!
  pids+=("$haproxy_pid")
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$proxy/healthz/ready" >/dev/null 2>&1 && return; sleep 0.1; done
  cat "$work/haproxy.log"; echo "haproxy did not start"; exit 1
}

# The write: member1 of Jette sets a line of the open campaign's basket.
member="member1.jette-sidi-bibi@demo.passerelle.test"
token="$(curl -fsS -X POST "http://127.0.0.1:$pa/api/v1/tokens" -H 'content-type: application/json' \
  -d "{\"email\": \"$member\", \"password\": \"demo-passerelle\"}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
read -r campaign product case_size < <(psql -At -F ' ' "$db_url" -c "SELECT c.id, cp.product_id, cp.case_size
  FROM campaigns c JOIN partnerships p ON p.id = c.partnership_id JOIN campaign_products cp ON cp.campaign_id = c.id
  WHERE p.slug = 'jette-sidi-bibi' AND c.state = 'open' ORDER BY c.id, cp.id LIMIT 1")
cat >"$work/put.lua" <<LUA
wrk.method = "PUT"
wrk.body = '{"quantity": $case_size, "tolerance": 0}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA

measure() { # label
  for what in catalogue basket; do
    if [ "$what" = catalogue ]; then
      out="$(wrk -t2 -c32 -d"${duration}s" --latency "http://127.0.0.1:$proxy/catalogue")"
    else
      out="$(wrk -t2 -c32 -d"${duration}s" --latency -s "$work/put.lua" "http://127.0.0.1:$proxy/api/v1/campaigns/$campaign/basket/$product")"
    fi
    rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
    p99="$(echo "$out" | awk '$1 == "99%" {print $2}')"
    errors="$(echo "$out" | { grep -E 'Non-2xx|Socket errors' || true; } | tr '\n' ' ')"
    printf '%-14s %-10s %10s req/s  p99 %-9s errors: %s\n' "$1" "$what" "$rps" "$p99" "${errors:-none}"
  done
}

echo "wrk -t2 -c32 -d${duration}s through HAProxy, PostgreSQL, release build"
proxy_with "$pa"
measure "one instance"
proxy_with "$pa" "$pb"
measure "two instances"
