#!/usr/bin/env bash
# Outage batteries (docs/reliability.md). Loopback only, free ports, bounded in time.
#   SCENARIO=recovery  (default) the supplier answers 503 for DOWN s (60), then 201; production defaults.
#                      Nothing may end FAILED_TO_SEND; each cancellation reaches the supplier with one X-Request-ID.
#   SCENARIO=crash     as recovery, and the gateway is killed with kill -9 half-way through the outage, then restarted.
#   SCENARIO=window    the supplier is down for the whole run, longer than a retry window of WINDOW (00:00:30):
#                      every cancellation ends FAILED_TO_SEND with one ERROR KCI, none left in between.
#   MODE=hang          the supplier never answers during the outage instead of 503.
#   bash build/outage/run.sh        (REQUESTS=1000 DOWN=60 SCENARIO=recovery)
set -euo pipefail
cd "$(dirname "$0")/../.."
SCENARIO=${SCENARIO:-recovery}; REQUESTS=${REQUESTS:-1000}; DOWN=${DOWN:-60}; MODE=${MODE:-503}; WINDOW=${WINDOW:-00:00:30}
[[ $SCENARIO == window ]] && DOWN=-1
source build/lib/battery.sh

SUPPLIER_PORT=${SUPPLIER_PORT:-$(free_port)}; GATEWAY_PORT=${GATEWAY_PORT:-$(free_port)}
require_free "$SUPPLIER_PORT"; require_free "$GATEWAY_PORT"
URL=http://127.0.0.1:$GATEWAY_PORT; SUPPLIER=http://127.0.0.1:$SUPPLIER_PORT
export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$URL Simulator__Enabled=false Storage__SeedDemoData=false
export Storage__DataDirectory="$WORK/data" Logging__LogLevel__Default=${LOG_LEVEL:-Warning}
# A supplier appsettings.Development.json does not know, so its retry budget is the code's production
# default (Development shortens SUPPLIER1's); only the lease, which Development sets for all, is put back.
export Suppliers__SUPPLIER_OUT__BaseUrl=$SUPPLIER/ Suppliers__SUPPLIER_OUT__TokenUrl=$SUPPLIER/oauth/token Tenants__TENANT1__KciUrl=$SUPPLIER/
export Dispatch__LeaseDuration=00:01:00
[[ $SCENARIO == window ]] && export Suppliers__SUPPLIER_OUT__Resilience__RetryWindow=$WINDOW
DB="$WORK/data/gateway.db"
count() { sqlite3 "$DB" "$1"; }
start_gateway() { (cd "$WORK/gateway" && exec dotnet FibreCafe.Gateway.dll >>"$WORK/gateway.log" 2>&1) & GATEWAY=$!; PIDS+=($GATEWAY); wait_http "$URL/health/live" "$WORK/gateway.log"; }

(cd "$WORK/gateway" && dotnet FibreCafe.Gateway.dll seed-problems --supplier SUPPLIER_OUT --from 1 --count "$REQUESTS" | tail -1)
start_gateway
TOKEN=$(token $URL)
(cd "$WORK/harness" && exec dotnet Harness.dll outage "$SUPPLIER_PORT" "$WORK/kcis.txt" "$DOWN" "$MODE" >"$WORK/supplier.log" 2>&1) & PIDS+=($!)
wait_http "$SUPPLIER/attempts" "$WORK/supplier.log"
started=$(date +%s)
(cd "$WORK/harness" && dotnet Harness.dll stub 0 create $URL "$TOKEN" 1 "$REQUESTS" >/dev/null)
echo "$REQUESTS cancellations answered 201 in $(( $(date +%s) - started )) s; the supplier is down for ${DOWN} s ($MODE)"

if [[ $SCENARIO == crash ]]; then
  sleep $(( DOWN / 2 - ($(date +%s) - started) > 0 ? DOWN / 2 - ($(date +%s) - started) : 0 ))
  before=$(count "SELECT COALESCE(SUM(attempts), 0) || ' attempts, at most ' || COALESCE(MAX(attempts), 0) || ' for one' FROM outbox")
  kill -9 "$GATEWAY"; echo "kill -9 after $(( $(date +%s) - started )) s; stored then: $before"
  start_gateway
fi

limit=$(( (DOWN > 0 ? DOWN : 0) + 300 ))
while (( $(date +%s) - started < limit )); do
  [[ $(count "SELECT COUNT(*) FROM outbox WHERE done_at IS NULL") == 0 ]] && break
  sleep 1
done
elapsed=$(( $(date +%s) - started ))
sleep 3 # the last ERROR KCIs on their way to the tenant

statuses=$(count "SELECT status || '=' || COUNT(*) FROM cancellations GROUP BY status" | tr '\n' ' ')
completed=$(count "SELECT COUNT(*) FROM cancellations WHERE status = 'COMPLETED'")
failed=$(count "SELECT COUNT(*) FROM cancellations WHERE status = 'FAILED_TO_SEND'")
unsent=$(count "SELECT COUNT(*) FROM outbox WHERE done_at IS NULL")
stored_attempts=$(count "SELECT SUM(attempts) || ' attempts, at most ' || MAX(attempts) || ' for one' FROM outbox")
longest=$(count "SELECT printf('%.0f', MAX((julianday(updated) - julianday(created)) * 86400)) FROM cancellations")
error_kcis=$(grep -c ' FAILED_TO_SEND ' "$WORK/kcis.txt" || true)
distinct_errors=$(grep ' FAILED_TO_SEND ' "$WORK/kcis.txt" | cut -d' ' -f1 | sort -u | wc -l || true)
calls=$(curl -s "$SUPPLIER/attempts")
reached=$(sed -E 's/.*"reached":([0-9]+).*/\1/' <<<"$calls"); most_ids=$(sed -E 's/.*"most_request_ids":([0-9]+).*/\1/' <<<"$calls")

echo "statuses: $statuses; unsent outbox rows: $unsent; all done after ${elapsed} s; longest 201 -> final: ${longest} s"
echo "supplier: $calls"
echo "stored: $stored_attempts; ERROR FAILED_TO_SEND KCIs: $error_kcis ($distinct_errors cancellations)"
if [[ $SCENARIO == window ]]; then
  ok=$(( failed == REQUESTS && unsent == 0 && error_kcis == REQUESTS && distinct_errors == REQUESTS ))
else
  ok=$(( completed == REQUESTS && failed == 0 && unsent == 0 && reached == REQUESTS && most_ids == 1 ))
fi
if (( ok )); then echo "outage ($SCENARIO): PASS"; else cp "$WORK/gateway.log" /tmp/outage-gateway.log; echo "outage ($SCENARIO): FAIL (gateway log kept in /tmp/outage-gateway.log)"; exit 1; fi
