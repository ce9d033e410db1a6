#!/usr/bin/env bash
# Two suppliers, one down (docs/reliability.md): SUPPLIER_A never answers, SUPPLIER_B answers at
# once; REQUESTS cancellations (half each) arrive from 32 clients at once. Passes when every one of
# B's is COMPLETED and their p99 from the 201 to the stored answer is at most 1 s. Loopback only,
# free ports, bounded in time, everything it started killed on exit.
#   bash build/isolation/run.sh        (REQUESTS=600; A_DOWN=0 runs the same with A healthy, for comparison)
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${REQUESTS:-600}; HALF=$(( REQUESTS / 2 ))
source build/lib/battery.sh

A_PORT=$(free_port); B_PORT=$(free_port); GATEWAY_PORT=$(free_port)
URL=http://127.0.0.1:$GATEWAY_PORT
export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=$URL Simulator__Enabled=false Storage__SeedDemoData=false
export Storage__DataDirectory="$WORK/data" Logging__LogLevel__Default=Warning Dispatch__LeaseDuration=00:01:00
export Tenants__TENANT1__KciUrl=http://127.0.0.1:$B_PORT/
for s in A B; do
  port=$A_PORT; [[ $s == B ]] && port=$B_PORT
  # Production defaults for both (Development configures neither): calls of at most 10 s, a window of an hour.
  export "Suppliers__SUPPLIER_${s}__BaseUrl=http://127.0.0.1:$port/" "Suppliers__SUPPLIER_${s}__TokenUrl=http://127.0.0.1:$port/oauth/token"
  export "Suppliers__SUPPLIER_${s}__MaxConcurrency=${PER_SUPPLIER:-8}"
done
DB="$WORK/data/gateway.db"

(cd "$WORK/gateway" && dotnet FibreCafe.Gateway.dll seed-problems --supplier SUPPLIER_A --from 1 --count "$HALF" | tail -1)
(cd "$WORK/gateway" && dotnet FibreCafe.Gateway.dll seed-problems --supplier SUPPLIER_B --from $(( HALF + 1 )) --count "$HALF" | tail -1)
(cd "$WORK/harness" && exec dotnet Harness.dll outage "$A_PORT" "$WORK/kcis-a.txt" "${A_DOWN:--1}" hang >"$WORK/a.log" 2>&1) & PIDS+=($!)
(cd "$WORK/harness" && exec dotnet Harness.dll outage "$B_PORT" "$WORK/kcis.txt" 0 >"$WORK/b.log" 2>&1) & PIDS+=($!)
wait_http "http://127.0.0.1:$A_PORT/attempts" "$WORK/a.log"; wait_http "http://127.0.0.1:$B_PORT/attempts" "$WORK/b.log"
(cd "$WORK/gateway" && exec dotnet FibreCafe.Gateway.dll >"$WORK/gateway.log" 2>&1) & PIDS+=($!)
wait_http "$URL/health/live" "$WORK/gateway.log"
TOKEN=$(token $URL)

started=$(date +%s)
(cd "$WORK/harness" && dotnet Harness.dll stub 0 create "$URL" "$TOKEN" 1 "$REQUESTS" >/dev/null)
echo "$REQUESTS cancellations answered 201 in $(( $(date +%s) - started )) s (half for SUPPLIER_A, which never answers)"
b_done() { sqlite3 "$DB" "SELECT COUNT(*) FROM cancellations c JOIN outbox o ON o.cancellation_id = c.id WHERE o.supplier = 'SUPPLIER_B' AND o.done_at IS NOT NULL"; }
while (( $(date +%s) - started < 120 )) && (( $(b_done) < HALF )); do sleep 1; done

ms="(julianday(c.updated) - julianday(c.created)) * 86400000"
p() { sqlite3 "$DB" "SELECT printf('%.0f', $ms) FROM cancellations c JOIN outbox o ON o.cancellation_id = c.id
                     WHERE o.supplier = 'SUPPLIER_B' AND o.done_at IS NOT NULL ORDER BY $ms LIMIT 1 OFFSET $(( (HALF * $1 + 99) / 100 - 1 ))"; }
b_statuses=$(sqlite3 "$DB" "SELECT c.status || '=' || COUNT(*) FROM cancellations c JOIN outbox o ON o.cancellation_id = c.id WHERE o.supplier = 'SUPPLIER_B' GROUP BY c.status" | tr '\n' ' ')
a_calls=$(curl -s "http://127.0.0.1:$A_PORT/attempts")
p50=$(p 50); p99=$(p 99)
echo "SUPPLIER_B: $b_statuses; 201 -> answer stored: p50 ${p50} ms, p99 ${p99} ms"
echo "SUPPLIER_A (never answers): $a_calls"
completed=$(sqlite3 "$DB" "SELECT COUNT(*) FROM cancellations c JOIN outbox o ON o.cancellation_id = c.id WHERE o.supplier = 'SUPPLIER_B' AND c.status = 'COMPLETED'")
if (( completed == HALF && ${p99:-999999} <= 1000 )); then echo "isolation: PASS"; else echo "isolation: FAIL"; exit 1; fi
