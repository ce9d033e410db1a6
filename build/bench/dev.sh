#!/usr/bin/env bash
# Development as shipped against a production-like run of the same gateway, side by side in one run
# (issue 12: QA load runs against the dev setup must measure the gateway, not the simulator).
#   production-like: Release publish, no simulator, Warning logs, the harness's stub supplier and tenant.
#   development:     the Debug build `dotnet run` makes, appsettings.Development.json as shipped (simulated
#                    SUPPLIER1 and TENANT1 stand-in on, console logs); only the ports and data folder move.
#   bash build/bench/dev.sh            (DURATION=10 CONNECTIONS=32; run.sh calls it with its builds in
#                                      GATEWAY_BUILD and HARNESS_BUILD and reads the last line)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=2
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do pkill -9 -P "$p" 2>/dev/null; kill -9 "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; } # dotnet run leaves a child
trap cleanup EXIT
trap 'echo "stopped"; exit 130' INT TERM
command -v wrk >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }

echo "building (Release publish and the Debug build dotnet run uses)…"
if [[ -n ${GATEWAY_BUILD:-} ]]; then ln -s "$GATEWAY_BUILD" "$WORK/gateway"; ln -s "$HARNESS_BUILD" "$WORK/harness"; else
  dotnet publish src/FibreCafe.Gateway -c Release -o "$WORK/gateway" --nologo -v q >/dev/null
  dotnet publish build/bench/Harness -c Release -o "$WORK/harness" --nologo -v q >/dev/null
fi
dotnet build src/FibreCafe.Gateway -c Debug --nologo -v q >/dev/null
source build/lib/ports.sh

load() { FIRST=$2 TOKEN=$3 THREADS=$THREADS wrk -t$THREADS -c"$CONNECTIONS" -d"${DURATION}s" -s build/bench/cancel.lua "$1" | grep '^RESULT'; }
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$2"; }
stop_last() { kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'; }

# 1. Production-like
PROD=http://127.0.0.1:$(free_port) STUB=$(free_port)
prod_env() {
  export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$PROD Simulator__Enabled=false Storage__SeedDemoData=false
  export Storage__DataDirectory="$WORK/prod" Logging__LogLevel__Default=Warning
  export Suppliers__SUPPLIER1__BaseUrl=http://127.0.0.1:$STUB/ Suppliers__SUPPLIER1__TokenUrl=http://127.0.0.1:$STUB/oauth/token
  export Tenants__TENANT1__KciUrl=http://127.0.0.1:$STUB/
}
(cd "$WORK/harness" && exec dotnet Harness.dll serve $STUB >"$WORK/stub.log" 2>&1) & PIDS+=($!)
(cd "$WORK/gateway" && prod_env && dotnet FibreCafe.Gateway.dll seed-problems --tenant TENANT1 --supplier SUPPLIER1 --from 1 --count 60000 | tail -1)
(cd "$WORK/gateway" && prod_env && exec dotnet FibreCafe.Gateway.dll >"$WORK/prod.log" 2>&1) & PIDS+=($!)
wait_http "$PROD/health/live" "$WORK/prod.log"
PRODUCTION=$(load $PROD 1 "$(token $PROD)"); stop_last; stop_last
echo "production-like: $PRODUCTION"

# 2. Development as shipped: dotnet run's build and settings, the stand-ins on their own ports
DEV=http://127.0.0.1:$(free_port) SIM_SUPPLIER=$(free_port) SIM_TENANT=$(free_port)
dev_env() {
  export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$DEV Storage__DataDirectory="$WORK/dev"
  export Simulator__SupplierPort=$SIM_SUPPLIER Simulator__TenantPort=$SIM_TENANT Simulator__GatewayUrl=$DEV
  export Suppliers__SUPPLIER1__BaseUrl=http://127.0.0.1:$SIM_SUPPLIER/ Suppliers__SUPPLIER1__TokenUrl=http://127.0.0.1:$SIM_SUPPLIER/oauth/token
  export Tenants__TENANT1__KciUrl=http://127.0.0.1:$SIM_TENANT/
}
(dev_env && dotnet run --no-build --no-launch-profile --project src/FibreCafe.Gateway -- seed-problems --tenant TENANT1 --supplier SUPPLIER1 --from 1 --count 60000 | tail -1)
(dev_env && exec dotnet run --no-build --no-launch-profile --project src/FibreCafe.Gateway >"$WORK/dev.log" 2>&1) & PIDS+=($!)
wait_http "$DEV/health/live" "$WORK/dev.log"
DEVELOPMENT=$(load $DEV 1 "$(token $DEV)"); stop_last
echo "development:     $DEVELOPMENT"

RATIO=$(awk -v a="$(field rps "$DEVELOPMENT")" -v b="$(field rps "$PRODUCTION")" 'BEGIN { printf "%.2f", a / b }')
mkdir -p build/bench/results
{
  echo "| run | requests/s | p50 ms | p99 ms | errors | non-201 |"
  echo "|---|---|---|---|---|---|"
  for row in "production-like (Release, no simulator)|$PRODUCTION" "Development as shipped (dotnet run, simulator on)|$DEVELOPMENT"; do
    r=${row#*|}; echo "| ${row%%|*} | $(field rps "$r") | $(field p50_ms "$r") | $(field p99_ms "$r") | $(field errors "$r") | $(field non2xx "$r") |"
  done
  echo
  echo "Development reaches $RATIO of the production-like figure (the bar: at least 0.50)."
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(dotnet --version), wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s."
} | tee build/bench/results/dev.md
# The last line is what run.sh reads; it judges the bar itself, so it calls this with || true.
echo "DEV prod_rps=$(field rps "$PRODUCTION") dev_rps=$(field rps "$DEVELOPMENT") ratio=$RATIO"
awk -v r="$RATIO" 'BEGIN { exit !(r >= 0.5) }' || { echo "Development is below half the production-like figure" >&2; exit 1; }
