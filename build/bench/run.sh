#!/usr/bin/env bash
# Every goal of issue 13 as a ratio, measured in one run on this machine: Release builds, loopback,
# a stub supplier and tenant that answer at once, Warning logs. About five minutes; Ctrl+C stops it
# within seconds. Prints a table and writes build/bench/results/latest.md.
#   bash build/bench/run.sh           (DURATION=8 SHORT=5 SUSTAIN=60 E2E_SECONDS=2 CONNECTIONS=32)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-8} # closed loops whose rates are compared (floor, POST path, 1,000,000 stored)
SHORT=${SHORT:-5}       # open loops read for their p99 at a fixed rate, and the Development comparison
SUSTAIN=${SUSTAIN:-60}
E2E_SECONDS=${E2E_SECONDS:-2}
CONNECTIONS=${CONNECTIONS:-32}
source build/lib/battery.sh # need, token, free ports; WORK, PIDS killed on exit, sqlite3, Release builds in $WORK/gateway and $WORK/harness
need wrk; need curl; need python3
trap 'echo "stopped"; exit 130' INT TERM
source build/bench/measure.sh

STUB=$(free_port) ONE=$(free_port) TWO=$(free_port) FLOOR_PORT=$(free_port)

# 1. The floor: bare Kestrel, the same JSON library, one SQLite insert.
(cd "$WORK/harness" && exec dotnet Harness.dll floor "$FLOOR_PORT" "$WORK/floor.db" >"$WORK/floor.log" 2>&1) & PIDS+=($!)
wait_http "http://127.0.0.1:$FLOOR_PORT/" "$WORK/floor.log"
warm "http://127.0.0.1:$FLOOR_PORT" none
FLOOR=$(closed "http://127.0.0.1:$FLOOR_PORT" 1 none "$CONNECTIONS"); stop_last
echo "[${SECONDS}s] floor:            $FLOOR"

# One seeded database, copied for every step so no step inherits another's backlog.
(cd "$WORK/harness" && exec dotnet Harness.dll serve "$STUB" >"$WORK/stub.log" 2>&1) & PIDS+=($!)
STUB_PID=${PIDS[-1]}
wait_http "http://127.0.0.1:$STUB/stats" "$WORK/stub.log"
(cd "$WORK/gateway" && gateway_env "$WORK/seeded" "$ONE" && dotnet FibreCafe.Gateway.dll seed-problems --tenant TENANT1 --supplier SUPPLIER1 --from 1 --count 450000 >/dev/null)
fresh() { rm -rf "$WORK/$1"; cp -r "$WORK/seeded" "$WORK/$1"; echo "$WORK/$1"; }
echo "[${SECONDS}s] seeded"

# 2. The POST path alone (workers off): rate, CPU and allocation per request.
workers_off() { # <data folder>: the POST path measured on it, into LAST (not a subshell: Ctrl+C must find the gateway in PIDS)
  start_gateway "$1" "$ONE" Dispatch__Enabled=false
  warm "http://127.0.0.1:$ONE" "" 430001 0 # with the workers off its backlog never drains: no waiting for it
  jit_quiet "http://127.0.0.1:$ONE" 25
  LAST=$(measured "http://127.0.0.1:$ONE" 1 "$CONNECTIONS"); stop_last
}
workers_off "$(fresh post)"; POST=$LAST
echo "[${SECONDS}s] POST path:        $POST"

# 3. The same with 1,000,000 settled cancellations stored.
data=$(fresh million); sqlite3 "$data/gateway.db" <build/bench/million.sql >/dev/null
sync # the new file's pages go to disk now, not in the background during the measurement (0.78 × empty with writeback running)
echo "[${SECONDS}s] 1,000,000 stored"
workers_off "$data"; MILLION=$LAST
echo "[${SECONDS}s] 1M stored:        $MILLION"

# 4. The whole pipeline: 201 → supplier call → outcome → tenant KCI, all in one process. Open-loop
#    probes halve the way from the POST path's rate to the highest rate the workers keep up with
#    (it held the rate with no more than a tenth of a second of work waiting at its end); that rate is held for SUSTAIN s,
#    and passes when the outboxes are empty within 5 s of its end.
#    The search's upper end is the POST path's rate or twice the rate at which the warm-up's backlog
#    drained with no load, whichever is lower: the workers cannot keep up with more than they carry
#    unloaded, and a first probe at half the POST path's rate left a backlog that took 15 s to settle.
start_gateway "$(fresh whole)" "$ONE"
warm "http://127.0.0.1:$ONE" "" 430001 0
UNLOADED=$(drain_rate "http://127.0.0.1:$ONE")
UPPER=$(field rps "$POST"); (( UNLOADED > 0 && 2 * UNLOADED < UPPER )) && UPPER=$(( 2 * UNLOADED ))
echo "[${SECONDS}s] backlog drained unloaded at $UNLOADED/s; search up to $UPPER/s"
RATE=$(probe "http://127.0.0.1:$ONE" 100001 "$UPPER")
settle "http://127.0.0.1:$ONE" 30 >/dev/null
SUSTAINED=$(open "http://127.0.0.1:$ONE" 200001 "$RATE" "$SUSTAIN")
DRAINED=$(settle "http://127.0.0.1:$ONE" 5)
echo "[${SECONDS}s] whole, held:      $SUSTAINED backlog_zero_after_s=$DRAINED"
HALF_RATE=$((RATE / 2))
settle "http://127.0.0.1:$ONE" 30 >/dev/null
HALF=$(open "http://127.0.0.1:$ONE" 360001 "$HALF_RATE" "$SHORT")
echo "[${SECONDS}s] whole, half rate: $HALF"
stop_last
# The same open-loop rate against the floor, so the p99 above can be read against this machine's own tail.
(cd "$WORK/harness" && exec dotnet Harness.dll floor "$FLOOR_PORT" "$WORK/floor-open.db" >"$WORK/floor-open.log" 2>&1) & PIDS+=($!)
wait_http "http://127.0.0.1:$FLOOR_PORT/" "$WORK/floor-open.log"
warm "http://127.0.0.1:$FLOOR_PORT" none # warmed as the gateway was
FLOOR_HALF=$(open "http://127.0.0.1:$FLOOR_PORT" 1 "$HALF_RATE" "$SHORT" none)
echo "[${SECONDS}s] floor, half rate: $FLOOR_HALF"
# The floor's closed loop again, in a process warmed for longer. The first, straight after the builds,
# has measured below the gateway's own POST path; every ratio uses the higher of the two.
FLOOR_AGAIN=$(closed "http://127.0.0.1:$FLOOR_PORT" 1 none "$CONNECTIONS"); stop_last
FLOOR_RUNS="$(field rps "$FLOOR") and $(field rps "$FLOOR_AGAIN")"
(( $(field rps "$FLOOR_AGAIN") > $(field rps "$FLOOR") )) && FLOOR=$FLOOR_AGAIN
echo "[${SECONDS}s] floor, again:     $FLOOR_AGAIN"

# 5. Durability and two processes, on the whole pipeline (workers on), in turn: a closed loop for
#    E2E_SECONDS, then until every accepted cancellation has had its supplier call and tenant KCI (see
#    carried). synchronous=FULL, NORMAL, then two gateway processes on one file (NORMAL, the load split
#    between them), twice over: one of each alone swung by more than the bars as this machine's speed
#    drifted, so each figure is the mean of its two runs, measured beside the others.
durable() { # <synchronous>: one run on a fresh copy, into LAST (not a subshell: Ctrl+C must find the gateway in PIDS)
  start_gateway "$(fresh "$1")" "$ONE" Storage__Synchronous="$1"
  warm "http://127.0.0.1:$ONE" "" 430001 30 1 # a second of warm-up: the run's own drain is most of its work
  LAST=$(carried "http://127.0.0.1:$ONE" "$(closed "http://127.0.0.1:$ONE" 1 "$(token "http://127.0.0.1:$ONE")" "$CONNECTIONS" "$E2E_SECONDS")"); stop_last
}
# Each gateway of the pair on its own half of the cores this bench may use (a container's may not start
# at 0), as docs/reliability.md advises for several gateways on one machine: left to float, the two
# processes' threads took turns on both cores, and on this VM each switch between them cost more than
# the pair gained (0.94 x one process over fifteen alternated rounds, 1.04 pinned over eleven).
PIN_ONE=() PIN_TWO=()
CPUS=$(python3 -c 'import os; c = sorted(os.sched_getaffinity(0)); h = len(c) // 2; print(",".join(map(str, c[:h])), ",".join(map(str, c[h:])))')
if [[ $CPUS == [0-9]*' '[0-9]* ]] && command -v taskset >/dev/null && taskset -c "${CPUS% *}" true 2>/dev/null && taskset -c "${CPUS#* }" true 2>/dev/null; then
  PIN_ONE=(taskset -c "${CPUS% *}"); PIN_TWO=(taskset -c "${CPUS#* }")
  PAIR_CORES="one on cores ${CPUS% *}, the other on ${CPUS#* }"
else
  PAIR_CORES="not pinned: one core, or taskset missing or refused"
fi
two_processes() { # one run of two gateways on one fresh file, into LAST
  local data; data=$(fresh two)
  start_gateway "$data" "$ONE" ${PIN_ONE[@]+"${PIN_ONE[@]}"}; start_gateway "$data" "$TWO" ${PIN_TWO[@]+"${PIN_TWO[@]}"}
  warm "http://127.0.0.1:$ONE" "" 430001 0 1; warm "http://127.0.0.1:$TWO" "" 440001 30 1
  LAST=$(pair "http://127.0.0.1:$ONE" "http://127.0.0.1:$TWO" "$CONNECTIONS" "$E2E_SECONDS")
  LAST="$(carried "http://127.0.0.1:$ONE" "$LAST") one=$(field one "$LAST") two=$(field two "$LAST") cores_busy=$(field cores_busy "$LAST")"; stop_last; stop_last
}
mean_of() { # <result> <result>: one RESULT line with the mean of each figure over the runs that reported, and both rates
  local mean='{ n = 0; s = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) { s += $i; n++ } if (n) printf "%d", s / n; else print "n/a" }'
  local sum='{ s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%d", s }'
  echo "RESULT rps=$(awk -F, "$mean" <<<"$(field rps "$1"),$(field rps "$2")") runs=$(field rps "$1"),$(field rps "$2")" \
    "accepted_rps=$(awk -F, "$mean" <<<"$(field accepted_rps "$1"),$(field accepted_rps "$2")") drains=$(field drain_s "$1"),$(field drain_s "$2")" \
    "errors=$(awk -F, "$sum" <<<"$(field errors "$1"),$(field errors "$2")") non2xx=$(awk -F, "$sum" <<<"$(field non2xx "$1"),$(field non2xx "$2")")" \
    "cores_busy=$(field cores_busy "$1"),$(field cores_busy "$2")"
}
durable FULL; F1=$LAST; durable NORMAL; N1=$LAST; two_processes; P1=$LAST
durable FULL; F2=$LAST; durable NORMAL; N2=$LAST; two_processes; P2=$LAST
FULL=$(mean_of "$F1" "$F2"); NORMAL=$(mean_of "$N1" "$N2"); PAIR=$(mean_of "$P1" "$P2")
echo "[${SECONDS}s] FULL:             $FULL"
echo "[${SECONDS}s] NORMAL:           $NORMAL"
echo "[${SECONDS}s] two processes:    $PAIR"

# 7. 201 → supplier on an idle gateway, then a backlog of 5,000 drained into a fresh stub.
kill "$STUB_PID"; wait "$STUB_PID" 2>/dev/null || true; PIDS=("${PIDS[@]/$STUB_PID}")
start_gateway "$(fresh latency)" "$ONE"
LATENCY=$(cd "$WORK/harness" && dotnet Harness.dll stub "$STUB" latency "http://127.0.0.1:$ONE" "$(token "http://127.0.0.1:$ONE")" 1 60 | grep '^latency')
stop_last
echo "$LATENCY"
data=$(fresh drain)
start_gateway "$data" "$ONE" Dispatch__Enabled=false
(cd "$WORK/harness" && dotnet Harness.dll stub 0 create "http://127.0.0.1:$ONE" "$(token "http://127.0.0.1:$ONE")" 1 5000 >/dev/null); stop_last
(cd "$WORK/harness" && exec dotnet Harness.dll stub "$STUB" drain 5000 >"$WORK/drain.log" 2>&1) & PIDS+=($!)
DRAINER=${PIDS[-1]}
wait_http "http://127.0.0.1:$STUB/stats" "$WORK/drain.log"
start_gateway "$data" "$ONE"
wait "$DRAINER" || true
DRAIN=$(grep '^drain' "$WORK/drain.log"); stop_last
echo "$DRAIN"

# 8. Development as shipped against production-like (issue 12), on the builds above.
DEV=$(GATEWAY_BUILD="$WORK/gateway" HARNESS_BUILD="$WORK/harness" DURATION=$SHORT CONNECTIONS=$CONNECTIONS bash build/bench/dev.sh | tail -1) || true

mkdir -p build/bench/results
report | tee build/bench/results/latest.md
