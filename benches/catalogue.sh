#!/usr/bin/env bash
# Catalogue benchmark (issue 4): 10,000 products across the demo partnerships on SQLite, then
# wrk at 64 connections against a release build: the catalogue page (50 products), a filtered
# full-text search, and a product page.
#   benches/catalogue.sh [seconds] [products]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
products="${2:-10000}"
port="${BENCH_PORT:-18081}"
data="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null || true; rm -rf "$data"' EXIT
export PASSERELLE_DATA_DIR="$data" PASSERELLE_BIND="127.0.0.1:$port" RUST_LOG=warn

cargo build --release --quiet
PASSERELLE_LOAD_DEMO=true cargo bench --quiet --bench seed_catalogue -- "$products"
"${CARGO_TARGET_DIR:-target}/release/passerelle" serve >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 500); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.01; done

for path in "/catalogue?per_page=50" "/catalogue?per_page=50&q=argan+miel&category=oils" "/products/1234" "/api/v1/products?per_page=50"; do
  echo
  echo "== GET $path (64 connections, ${duration}s)"
  wrk -t2 -c64 -d"${duration}s" --latency "http://127.0.0.1:$port$path" \
    | grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%'
done
