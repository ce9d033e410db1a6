#!/usr/bin/env bash
# Outage battery: the supplier answers 503 to everything for the whole run. Every cancellation
# must end FAILED_TO_SEND with its ERROR KCI to the tenant, within the configured budget.
# Loopback only; bounded in time.   bash build/outage/run.sh      (REQUESTS=200)
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${REQUESTS:-200}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
command -v sqlite3 >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq sqlite3 >/dev/null; }

echo "building (Release)…"
dotnet publish src/FibreCafe.Gateway -c Release -o "$WORK/gateway" --nologo -v q >/dev/null
dotnet publish build/bench/Harness -c Release -o "$WORK/harness" --nologo -v q >/dev/null

# The budget under test: 4 attempts of at most 1 s, backoff 0.2 s doubling to 1 s, breaker open 2 s.
MAX_ATTEMPTS=4
BUDGET_SECONDS=20   # 4 x 1 s + 3 x 1 s of backoff, plus breaker pauses (which spend no attempts) and margin
URL=http://127.0.0.1:5392
export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$URL Simulator__Enabled=false Storage__SeedDemoData=false
export Storage__DataDirectory="$WORK/data" Logging__LogLevel__Default=Warning
export Suppliers__SUPPLIER1__BaseUrl=http://127.0.0.1:5391/ Suppliers__SUPPLIER1__TokenUrl=http://127.0.0.1:5391/oauth/token
export Suppliers__SUPPLIER1__Resilience__MaxAttempts=$MAX_ATTEMPTS Suppliers__SUPPLIER1__Resilience__AttemptTimeout=00:00:01
export Suppliers__SUPPLIER1__Resilience__BaseDelay=00:00:00.200 Suppliers__SUPPLIER1__Resilience__MaxDelay=00:00:01
export Suppliers__SUPPLIER1__Resilience__BreakDuration=00:00:02 Tenants__TENANT1__KciUrl=http://127.0.0.1:5391/
DB="$WORK/data/gateway.db"
wait_http() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1"; exit 1; }

(cd "$WORK/harness" && exec dotnet Harness.dll outage 5391 "$WORK/kcis.txt" >"$WORK/outage.log" 2>&1) & PIDS+=($!)
wait_http http://127.0.0.1:5391/attempts
(cd "$WORK/gateway" && dotnet FibreCafe.Gateway.dll seed-problems --from 1 --count "$REQUESTS" | tail -1)
(cd "$WORK/gateway" && exec dotnet FibreCafe.Gateway.dll >"$WORK/gateway.log" 2>&1) & PIDS+=($!)
wait_http "$URL/health/live"
TOKEN=$(curl -s -X POST $URL/auth/tenant/access-token -d grant_type=client_credentials -d client_id=TENANT1 -d client_secret=tenant1-secret | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

started=$(date +%s.%N)
(cd "$WORK/harness" && dotnet Harness.dll stub 0 create $URL "$TOKEN" 1 "$REQUESTS" >/dev/null)
for _ in $(seq 1 240); do
  [[ $(grep -c ' FAILED_TO_SEND ' "$WORK/kcis.txt" 2>/dev/null || echo 0) -ge $REQUESTS ]] && break
  sleep 0.5
done
elapsed=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')

failed=$(sqlite3 "$DB" "SELECT COUNT(*) FROM cancellations WHERE status = 'FAILED_TO_SEND'")
by_code=$(sqlite3 "$DB" "SELECT error_code || '=' || COUNT(*) FROM cancellations GROUP BY error_code" | tr '\n' ' ')
other=$(sqlite3 "$DB" "SELECT COUNT(*) FROM cancellations WHERE status <> 'FAILED_TO_SEND'")
longest=$(sqlite3 "$DB" "SELECT printf('%.1f', MAX((julianday(updated) - julianday(created)) * 86400)) FROM cancellations")
error_kcis=$(grep -c ' FAILED_TO_SEND ' "$WORK/kcis.txt" || true)
distinct_kcis=$(grep ' FAILED_TO_SEND ' "$WORK/kcis.txt" | cut -d' ' -f1 | sort -u | wc -l)
attempts=$(curl -s http://127.0.0.1:5391/attempts)

echo "cancellations: $REQUESTS; FAILED_TO_SEND: $failed ($by_code); any other status: $other"
echo "ERROR FAILED_TO_SEND KCIs to the tenant: $error_kcis ($distinct_kcis cancellations)"
echo "supplier calls: $attempts (budget: $MAX_ATTEMPTS attempts each)"
echo "longest 201 -> FAILED_TO_SEND: ${longest} s (budget ${BUDGET_SECONDS} s); whole run ${elapsed} s"
max=$(sed -E 's/.*"max":([0-9]+).*/\1/' <<<"$attempts")
if (( failed == REQUESTS && other == 0 && distinct_kcis == REQUESTS && max <= MAX_ATTEMPTS )) \
   && awk -v l="$longest" -v b="$BUDGET_SECONDS" 'BEGIN { exit !(l <= b) }'; then echo "outage: PASS"; else echo "outage: FAIL"; exit 1; fi
