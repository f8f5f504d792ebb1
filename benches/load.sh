#!/usr/bin/env bash
# Load benchmark of the public pages against a release build on SQLite with the demo data.
#   benches/load.sh [seconds]       (default 15 s per page; needs wrk: apt-get install wrk)
# Prints, per page, requests/s and latency percentiles at 64 connections, and the cold start.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
port="${BENCH_PORT:-18080}"
data="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$data"' EXIT

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/passerelle"

wait_ready() {
  for _ in $(seq 1 500); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0
    sleep 0.01
  done
  echo "the server did not start" >&2; exit 1
}

start() {
  PASSERELLE_DATA_DIR="$data" PASSERELLE_BIND="127.0.0.1:$port" RUST_LOG=warn "$bin" serve >/dev/null 2>&1 &
  pid=$!
}

t0=$(date +%s%N); start; wait_ready; t1=$(date +%s%N)
echo "cold start, empty database (migrations + demo load): $(( (t1 - t0) / 1000000 )) ms"
kill "$pid"; wait "$pid" 2>/dev/null || true
t0=$(date +%s%N); start; wait_ready; t1=$(date +%s%N)
echo "cold start, existing database: $(( (t1 - t0) / 1000000 )) ms"

for path in "/" "/partnerships/jette-sidi-bibi" "/territories/sidi-bibi" "/api/v1/partnerships"; do
  echo
  echo "== GET $path (64 connections, ${duration}s)"
  wrk -t2 -c64 -d"${duration}s" --latency "http://127.0.0.1:$port$path" \
    | grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%'
done
