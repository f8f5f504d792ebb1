#!/usr/bin/env bash
# Basket benchmark (issue 19): the demo on SQLite plus N households in the demo group, each
# signed in through the API (POST /api/v1/tokens), then wrk setting basket lines
# (PUT /api/v1/campaigns/{id}/basket/{product}) with the households' bearer tokens, products
# and quantities rotating, at 64 connections. Prints requests/s and p50/p90/p99.
#   benches/basket.sh [seconds] [households]
#   BENCH_PROFILE=debug benches/basket.sh     (the debug build, when a release build is too
#                                              much for the machine; figures are then lower)
#   BENCH_BIN=path/to/passerelle benches/basket.sh   (another build of the server, to compare)
#   BENCH_PERF=1 benches/basket.sh    (also the server's context switches and CPU per request)
#   BENCH_READ=1 benches/basket.sh    (reads the baskets instead: GET /api/v1/campaigns/{id}/basket)
#   PASSERELLE_SQLITE_MMAP_MB=0 benches/basket.sh   (SQLite without memory maps: the server reads
#                                              the environment; writes drop every other map)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-15}"
households="${2:-64}"
port="${BENCH_PORT:-18082}"
profile="${BENCH_PROFILE:-release}"
data="$(mktemp -d)"
trap 'kill "${pid:-0}" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$data"' EXIT
export PASSERELLE_DATA_DIR="$data" PASSERELLE_BIND="127.0.0.1:$port" RUST_LOG=warn \
  PASSERELLE_LOAD_DEMO=true PASSERELLE_LOGIN_RATE_IP=1000000 PASSERELLE_LOGIN_RATE_ACCOUNT=1000000

if [ "$profile" = release ]; then
  cargo build --release --quiet
  seeded="$(cargo bench --quiet --bench seed_basket -- "$households")"
else
  cargo build --quiet
  seeded="$(cargo bench --quiet --profile dev --bench seed_basket -- "$households")"
fi
campaign="$(sed -n 's/^campaign=//p' <<<"$seeded")"
products="$(sed -n 's/^products=//p' <<<"$seeded")"
bin="${BENCH_BIN:-${CARGO_TARGET_DIR:-target}/$([ "$profile" = release ] && echo release || echo debug)/passerelle}"
"$bin" serve >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 1000); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.01; done

tokens=""
for i in $(seq 0 $((households - 1))); do
  token="$(curl -fs -H 'Content-Type: application/json' \
    -d "{\"email\":\"household$i@bench.test\",\"password\":\"bench password\"}" \
    "http://127.0.0.1:$port/api/v1/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')"
  [ -n "$token" ] || { echo "household$i could not sign in" >&2; exit 1; }
  tokens="$tokens\"$token\","
done
# The first use of each token is recorded (a write every ten minutes): done before measuring.
for t in $(tr -d '"' <<<"${tokens%,}" | tr ',' ' '); do
  curl -fs -o /dev/null -H "Authorization: Bearer $t" "http://127.0.0.1:$port/api/v1/me"
done

cat >"$data/basket.lua" <<LUA
local tokens = {${tokens%,}}
local products = {$products}
local n = 0
request = function()
  n = n + 1
  local t = tokens[(n % #tokens) + 1]
  local p = products[(math.floor(n / #tokens) % #products) + 1]
  local q = (n % 5) + 1
  if "${BENCH_READ:-}" ~= "" then
    return wrk.format("GET", "/api/v1/campaigns/$campaign/basket",
      {["Authorization"] = "Bearer " .. t})
  end
  return wrk.format("PUT", "/api/v1/campaigns/$campaign/basket/" .. p,
    {["Authorization"] = "Bearer " .. t, ["Content-Type"] = "application/json"},
    '{"quantity":' .. q .. ',"tolerance":0}')
end
LUA

echo "== PUT /api/v1/campaigns/$campaign/basket/{product}: $households households, $profile build, 64 connections, ${duration}s (load $(cut -d' ' -f1-3 /proc/loadavg))"
if [ -n "${BENCH_PERF:-}" ]; then
  # The server's context switches and CPU time over the run (perf), per request.
  perf stat -x, -e context-switches,task-clock -p "$pid" -o "$data/perf.csv" &
  perf_pid=$!
fi
wrk -t2 -c64 -d"${duration}s" --latency -s "$data/basket.lua" "http://127.0.0.1:$port" \
  | tee "$data/wrk.txt" | grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|90|99)%'
if [ -n "${BENCH_PERF:-}" ]; then
  kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true
  requests="$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$data/wrk.txt")"
  awk -F, -v n="$requests" '$3 == "context-switches" { printf "context switches per request: %.1f\n", $1 / n }
    $3 == "task-clock" { printf "server CPU per request: %.2f ms\n", $1 / n }' "$data/perf.csv"
fi
