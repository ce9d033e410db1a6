#!/usr/bin/env bash
# Benchmarks of the gateway against its floor, on this machine, in Release builds; loopback only,
# every load bounded in time. Prints a table and writes build/bench/results/latest.md.
#   bash build/bench/run.sh            (DURATION=10 CONNECTIONS=32 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=2
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

need() { command -v "$1" >/dev/null || { echo "installing $2"; apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need sqlite3 sqlite3
need curl curl

echo "building (Release)…"
dotnet publish src/FibreCafe.Gateway -c Release -o "$WORK/gateway" --nologo -v q >/dev/null
dotnet publish build/bench/Harness -c Release -o "$WORK/harness" --nologo -v q >/dev/null

wait_http() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1"; exit 1; }
load() { # load <url> <first problem id> <token> <connections> → RESULT line
  FIRST=$2 TOKEN=$3 THREADS=$THREADS wrk -t$THREADS -c"$4" -d"${DURATION}s" -s build/bench/cancel.lua "$1" | grep '^RESULT'
}
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$2"; }

GATEWAY_URL=http://127.0.0.1:5192
STUB_PORT=5191
gateway_env() {
  export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$GATEWAY_URL Simulator__Enabled=false
  export Storage__SeedDemoData=false Storage__DataDirectory="$WORK/data" Logging__LogLevel__Default=Warning
  export Suppliers__SUPPLIER1__BaseUrl=http://127.0.0.1:$STUB_PORT/ Suppliers__SUPPLIER1__TokenUrl=http://127.0.0.1:$STUB_PORT/oauth/token
  export Tenants__TENANT1__KciUrl=http://127.0.0.1:$STUB_PORT/
}
start_gateway() { (cd "$WORK/gateway" && gateway_env && exec dotnet FibreCafe.Gateway.dll "$@" >"$WORK/gateway.log" 2>&1) & PIDS+=($!); wait_http "$GATEWAY_URL/"; }
stop_last() { kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'; }
seed() { (cd "$WORK/gateway" && gateway_env && dotnet FibreCafe.Gateway.dll seed-problems --tenant TENANT1 --supplier SUPPLIER1 --from "$1" --count "$2" | tail -1); }
token() { curl -s -X POST $GATEWAY_URL/auth/tenant/access-token -d grant_type=client_credentials -d client_id=TENANT1 -d client_secret=tenant1-secret | sed -E 's/.*"access_token":"([^"]+)".*/\1/'; }

# 1. The floor
(cd "$WORK/harness" && exec dotnet Harness.dll floor 5190 "$WORK/floor.db" >"$WORK/floor.log" 2>&1) & PIDS+=($!)
wait_http http://127.0.0.1:5190/
FLOOR=$(load http://127.0.0.1:5190 1 none "$CONNECTIONS"); stop_last
echo "floor:   $FLOOR"

# 2. The gateway, empty database (a stub supplier takes the dispatches)
(cd "$WORK/harness" && exec dotnet Harness.dll serve $STUB_PORT >"$WORK/stub.log" 2>&1) & PIDS+=($!)
STUB_PID=${PIDS[-1]}
seed 1 400000
start_gateway
TOKEN=$(token)
EMPTY=$(load $GATEWAY_URL 1 "$TOKEN" "$CONNECTIONS")
echo "gateway: $EMPTY"
HALF_CONNECTIONS=$(( CONNECTIONS / 4 > 0 ? CONNECTIONS / 4 : 1 ))
HALF=$(load $GATEWAY_URL 200001 "$TOKEN" "$HALF_CONNECTIONS")
echo "lighter: $HALF"
stop_last

# 3. The same with 1,000,000 cancellations already stored
echo "storing 1,000,000 cancellations…"
sqlite3 "$WORK/data/gateway.db" <build/bench/million.sql
seed 10000001 400000
start_gateway
TOKEN=$(token)
MILLION=$(load $GATEWAY_URL 10000001 "$TOKEN" "$CONNECTIONS")
echo "1M:      $MILLION"
stop_last
kill "$STUB_PID"; wait "$STUB_PID" 2>/dev/null || true; PIDS=("${PIDS[@]/$STUB_PID}")

# 4. Dispatch: 201 → supplier on an idle gateway, then how fast a backlog of 20,000 drains
seed 20000001 20100
start_gateway
TOKEN=$(token)
LATENCY=$(cd "$WORK/harness" && dotnet Harness.dll stub $STUB_PORT latency $GATEWAY_URL "$TOKEN" 20000001 100 | grep '^latency')
echo "$LATENCY"
stop_last
Dispatch__Enabled=false start_gateway
TOKEN=$(token)
(cd "$WORK/harness" && dotnet Harness.dll stub 0 create $GATEWAY_URL "$TOKEN" 20000101 20000 >/dev/null)
stop_last
(cd "$WORK/harness" && exec dotnet Harness.dll stub $STUB_PORT drain 20000 >"$WORK/drain.log" 2>&1) & PIDS+=($!)
sleep 2
start_gateway
wait "${PIDS[-2]}" 2>/dev/null || true
DRAIN=$(grep '^drain' "$WORK/drain.log")
echo "$DRAIN"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
mkdir -p build/bench/results
{
  echo "| run | requests/s | p50 ms | p99 ms | errors | non-201 | vs floor |"
  echo "|---|---|---|---|---|---|---|"
  for row in "floor|$FLOOR" "gateway, empty database|$EMPTY" "gateway, $HALF_CONNECTIONS connections|$HALF" "gateway, 1,000,000 stored|$MILLION"; do
    name=${row%%|*}; r=${row#*|}
    echo "| $name | $(field rps "$r") | $(field p50_ms "$r") | $(field p99_ms "$r") | $(field errors "$r") | $(field non2xx "$r") | $(ratio "$(field rps "$r")" "$(field rps "$FLOOR")") |"
  done
  echo
  echo "Dispatch, idle gateway, 100 cancellations: 201 → supplier has the call: p50 $(field p50_ms "$LATENCY") ms, p99 $(field p99_ms "$LATENCY") ms."
  echo "Backlog of 20,000 into a stub supplier: $(field per_second "$DRAIN") cancellations/s ($(field seconds "$DRAIN") s first to last)."
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(dotnet --version), wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, Release."
} | tee build/bench/results/latest.md

# 5. Development as shipped (simulator on) against production-like, in the same run
DURATION=$DURATION CONNECTIONS=$CONNECTIONS bash build/bench/dev.sh
