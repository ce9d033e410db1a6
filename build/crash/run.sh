#!/usr/bin/env bash
# Crash battery: kill -9 the gateway in the middle of a 1,000-request load, start it again, and
# count. Every id answered 201 must be stored and reach the supplier; none may stay unsent.
# Loopback only; bounded in time.   bash build/crash/run.sh      (REQUESTS=1000 KILL_AFTER=0.5)
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${REQUESTS:-1000}
KILL_AFTER=${KILL_AFTER:-0.5}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
command -v sqlite3 >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq sqlite3 >/dev/null; }

echo "building (Release)…"
dotnet publish src/FibreCafe.Gateway -c Release -o "$WORK/gateway" --nologo -v q >/dev/null
dotnet publish build/bench/Harness -c Release -o "$WORK/harness" --nologo -v q >/dev/null

URL=http://127.0.0.1:5292
export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$URL Simulator__Enabled=false Storage__SeedDemoData=false
export Storage__DataDirectory="$WORK/data" Logging__LogLevel__Default=Warning Dispatch__LeaseDuration=00:00:05 Suppliers__SUPPLIER1__Resilience__AttemptTimeout=00:00:02
export Suppliers__SUPPLIER1__BaseUrl=http://127.0.0.1:5291/ Suppliers__SUPPLIER1__TokenUrl=http://127.0.0.1:5291/oauth/token
export Tenants__TENANT1__KciUrl=http://127.0.0.1:5291/
DB="$WORK/data/gateway.db"

wait_http() { for _ in $(seq 1 100); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "no answer from $1"; exit 1; }
start_gateway() { (cd "$WORK/gateway" && exec dotnet FibreCafe.Gateway.dll >>"$WORK/gateway.log" 2>&1) & GATEWAY=$!; PIDS+=($GATEWAY); wait_http "$URL/health/live"; }

(cd "$WORK/harness" && exec dotnet Harness.dll record 5291 "$WORK/received.txt" >"$WORK/stub.log" 2>&1) & PIDS+=($!)
wait_http http://127.0.0.1:5291/stats
(cd "$WORK/gateway" && dotnet FibreCafe.Gateway.dll seed-problems --from 1 --count "$REQUESTS" | tail -1)
start_gateway
TOKEN=$(curl -s -X POST $URL/auth/tenant/access-token -d grant_type=client_credentials -d client_id=TENANT1 -d client_secret=tenant1-secret | sed -E 's/.*"access_token":"([^"]+)".*/\1/')

(cd "$WORK/harness" && exec dotnet Harness.dll load $URL "$TOKEN" 1 "$REQUESTS" 16 "$WORK/answered.txt" >"$WORK/load.log" 2>&1) & LOAD=$!
sleep "$KILL_AFTER"
kill -9 "$GATEWAY"
echo "killed the gateway with kill -9 after ${KILL_AFTER}s of load"
wait "$LOAD" || true
start_gateway
for _ in $(seq 1 120); do
  [[ $(sqlite3 "$DB" "SELECT COUNT(*) FROM outbox WHERE done_at IS NULL") == 0 ]] && break
  sleep 0.5
done

answered=$(sort -u "$WORK/answered.txt" | wc -l)
stored=$(sqlite3 "$DB" "SELECT COUNT(*) FROM cancellations")
missing=$(sort -u "$WORK/answered.txt" | while read -r id; do echo "SELECT $id EXCEPT SELECT id FROM cancellations WHERE id = $id;"; done | sqlite3 "$DB" | wc -l)
unsent=$(sqlite3 "$DB" "SELECT COUNT(*) FROM outbox WHERE done_at IS NULL")
stuck=$(sqlite3 "$DB" "SELECT COUNT(*) FROM cancellations WHERE status = 'RECEIVED_BY_GATEWAY'")
deliveries=$(wc -l <"$WORK/received.txt")
distinct=$(cut -d' ' -f1 "$WORK/received.txt" | sort -u | wc -l)
not_sent=$(comm -23 <(sqlite3 "$DB" "SELECT id FROM cancellations" | sort -u) <(cut -d' ' -f1 "$WORK/received.txt" | sort -u) | wc -l)
one_key=$(awk '{print $1, $2}' "$WORK/received.txt" | sort -u | cut -d' ' -f1 | uniq -d | wc -l)

echo "$(grep '^load' "$WORK/load.log")"
echo "answered 201: $answered; stored: $stored (answered but missing: $missing)"
echo "reached the supplier: $distinct distinct of $stored stored, $deliveries deliveries ($((deliveries - distinct)) repeated, ids with more than one X-Request-ID: $one_key); stored but never sent: $not_sent"
echo "unsent outbox rows: $unsent; still RECEIVED_BY_GATEWAY: $stuck"
if (( missing == 0 && unsent == 0 && stuck == 0 && not_sent == 0 && one_key == 0 )); then echo "crash: PASS"; else echo "crash: FAIL"; exit 1; fi
