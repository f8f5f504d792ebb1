#!/usr/bin/env bash
# Catalogue benchmark (issues 4 and 19): N products (default 10,000) spread over the demo
# producers, a release build, `wrk -t2 -c32` per line; SQLite by default, PostgreSQL with
# --postgres (a fresh database `passerelle_bench` on $BENCH_POSTGRES, default the local server).
#   benches/catalogue.sh [--postgres] [products] [seconds]
# Prints one table: per path, requests/s, p50 and p99 latency and the server's CPU time per
# request, with the caches off (PASSERELLE_CACHE_TTL_SECS=0: every page read and rendered) and
# on, and a bare actix-web server answering a page of the same size as the yardstick.
set -euo pipefail
cd "$(dirname "$0")/.."

db=sqlite
if [ "${1:-}" = "--postgres" ]; then db=postgres; shift; fi
products="${1:-10000}"
duration="${2:-15}"
port="${BENCH_PORT:-18081}"
bare_port=$((port + 1))
pg_server="${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"
data="$(mktemp -d)"
trap 'kill "${pid:-0}" "${bare:-0}" 2>/dev/null || true; rm -rf "$data"' EXIT
export PASSERELLE_DATA_DIR="$data" PASSERELLE_BIND="127.0.0.1:$port" RUST_LOG=warn
if [ "$db" = postgres ]; then
  psql -q "$pg_server/postgres" -c "DROP DATABASE IF EXISTS passerelle_bench" -c "CREATE DATABASE passerelle_bench"
  export DATABASE_URL="$pg_server/passerelle_bench"
fi
target="${CARGO_TARGET_DIR:-target}"
base="http://127.0.0.1:$port"

cargo build --release --quiet
PASSERELLE_LOAD_DEMO=true cargo bench --quiet --bench seed_catalogue -- "$products" >/dev/null
# A production database has its statistics and visibility map kept by autovacuum; a freshly
# seeded one has neither yet: PostgreSQL's plans then misjudge the search (measured: 109 instead
# of 418 searches/s) and its counts read every row instead of the index alone (0.69 instead of
# 0.19 ms for a category's count at 10,000 products).
if [ "$db" = postgres ]; then psql -q "$DATABASE_URL" -c "VACUUM ANALYZE"; fi
bare_bin=$(cargo bench --bench bare_page --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\))/\1/p' | tail -n 1)

wait_ready() {
  for _ in $(seq 1 1000); do curl -fs "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.01; done
  echo "the server on $1 did not start" >&2; exit 1
}
start() { # cache TTL in seconds
  PASSERELLE_CACHE_TTL_SECS="$1" "$target/release/passerelle" serve >/dev/null 2>&1 &
  pid=$!
  wait_ready "$base"
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# The rotating paths: 500 listing pages (filters, sorts, pages, and deep pages reached through
# the cursors the API hands out), 500 searches (one or two words, with or without a filter),
# 500 product pages.
start 60
python3 benches/support/catalogue_urls.py "$base" "$data"
stop

printf '\n%s, %s products, wrk -t2 -c32 -d%ss\n\n' "$db" "$products" "$duration"
printf '| %-44s | %9s | %8s | %8s | %12s |\n' path "req/s" p50 p99 "CPU/request"
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "----------:" "--------:" "--------:" "------------:"
run() { # label, server pid, wrk arguments...
  local label="$1" server="$2"; shift 2
  local before after out rps reqs
  before=$(cpu_ticks "$server")
  out=$(wrk -t2 -c32 -d"${duration}s" --latency "$@")
  after=$(cpu_ticks "$server")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  if grep -q 'Non-2xx' <<<"$out"; then label="$label (NON-2XX: $(awk '/Non-2xx/ {print $4}' <<<"$out"))"; fi
  printf '| %-44s | %9.0f | %8s | %8s | %9.3f ms |\n' "$label" "$rps" \
    "$(awk '$1=="50%" {print $2}' <<<"$out")" "$(awk '$1=="99%" {print $2}' <<<"$out")" \
    "$(awk -v t=$((after - before)) -v n="$reqs" -v hz="$hz" 'BEGIN {print n ? t * 1000 / hz / n : 0}')"
}
rotating() { # label, server pid, url file
  URLS="$3" run "$1" "$2" -s benches/support/rotate.lua "$base"
}

start 0
rotating "listing, 500 rotating pages (cache off)" "$pid" "$data/listing.txt"
rotating "search, 500 rotating words (cache off)" "$pid" "$data/search.txt"
rotating "API listing, rotating (cache off)" "$pid" "$data/api.txt"
rotating "product page, 500 rotating (cache off)" "$pid" "$data/products.txt"
stop

start 600
first=$(head -n 1 "$data/listing.txt")
curl -fs "$base$first" -o "$data/page.html"
run "cached catalogue page (same URL)" "$pid" "$base$first"
rotating "cached listing, 500 rotating pages" "$pid" "$data/listing.txt"
stop

size=$(stat -c %s "$data/page.html")
"$bare_bin" "$size" "$bare_port" >/dev/null 2>&1 &
bare=$!
wait_ready "http://127.0.0.1:$bare_port"
run "bare actix-web, a page of $size bytes" "$bare" "http://127.0.0.1:$bare_port/"
