# Sourced by build/bench/run.sh: starting gateways, the loads, and reading what a run cost.
# Every load prints one "RESULT key=value ..." line; field pulls a value out of it.

field() { sed -nE "s/.* $1=([^ ]+).*/\1/p" <<<"$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a" }'; }

gateway_env() { # <data folder> <port>
  export ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:$2 Simulator__Enabled=false
  export Storage__SeedDemoData=false Storage__DataDirectory="$1" Logging__LogLevel__Default=Warning
  export Suppliers__SUPPLIER1__BaseUrl=http://127.0.0.1:$STUB/ Suppliers__SUPPLIER1__TokenUrl=http://127.0.0.1:$STUB/oauth/token
  export Tenants__TENANT1__KciUrl=http://127.0.0.1:$STUB/
}
start_gateway() { # <data folder> <port> [NAME=value ...]
  local data=$1 port=$2; shift 2
  (cd "$WORK/gateway" && gateway_env "$data" "$port" && exec env "$@" dotnet FibreCafe.Gateway.dll >>"$WORK/gateway-$port.log" 2>&1) & PIDS+=($!)
  wait_http "http://127.0.0.1:$port/health/live" "$WORK/gateway-$port.log"
}
stop_last() { kill "${PIDS[-1]}" 2>/dev/null || true; wait "${PIDS[-1]}" 2>/dev/null || true; unset 'PIDS[-1]'; }

# A sum over the Prometheus lines of one metric at /metrics (labels and timestamps left out).
metric() { # <url> <name>; "unreadable" when /metrics does not answer
  local body; body=$(curl -sf "$1/metrics") || { echo unreadable; return; }
  awk -v n="$2" 'index($0, n) == 1 { v = $0; sub(/^[^ {]*(\{[^}]*\})? /, "", v); split(v, f, " "); s += f[1] } END { printf "%.0f", s }' <<<"$body"
}
UNREADABLE=999999999 # a gateway that cannot be read has not drained: a backlog no wait for zero accepts
backlog() {
  local a b; a=$(metric "$1" fibrecafe_outbox_backlog); b=$(metric "$1" fibrecafe_kci_backlog)
  if [[ $a == unreadable || $b == unreadable ]]; then echo "$UNREADABLE"; else echo $(( a + b )); fi
}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

warm() { # <url> [token] [first problem] [settle s] [load s]: 2 s of load on problems no measurement uses, so the
  # JIT has settled; then the backlog it made is waited out (unless settle is 0: closed-loop pairs)
  local t=${2:-}; [[ -n $t ]] || t=$(token "$1")
  FIRST=${3:-430001} TOKEN=$t THREADS=2 wrk -t2 -c"$CONNECTIONS" -d"${5:-2}s" -s build/bench/cancel.lua "$1" >/dev/null
  (( ${4:-30} == 0 )) || settle "$1" "${4:-30}" >/dev/null
}
jit_quiet() { # <url> <max s>: waits until the runtime compiles fewer than 20 methods a second. After a
  # 2 s warm-up the framework's precompiled code is still being compiled again, optimised (2,500
  # methods during the next 8 s): a run then measured 3,846 req/s, the same process 20 s later 4,898.
  # The gateway is idle meanwhile, so this ends the re-compiling the warm-up queued; methods the
  # warm-up did not call often enough are still compiled during the run (about 300 in 8 s).
  local before now
  before=$(metric "$1" dotnet_jit_compiled_methods)
  for _ in $(seq "$2"); do
    sleep 1; now=$(metric "$1" dotnet_jit_compiled_methods)
    (( now - before < 20 )) && return; before=$now
  done
}
closed() { # <url> <first problem> <token> <connections> [seconds]: wrk's closed loop for DURATION
  FIRST=$2 TOKEN=$3 THREADS=2 wrk -t2 -c"$4" -d"${5:-$DURATION}s" -s build/bench/cancel.lua "$1" | grep '^RESULT'
}
measured() { # <url> <first problem> <connections>: closed, plus CPU ms and allocated KB per request of the last gateway started
  local pid=${PIDS[-1]} cpu alloc r n
  cpu=$(cpu_ticks "$pid"); alloc=$(metric "$1" dotnet_gc_heap_total_allocated)
  r=$(closed "$1" "$2" "$(token "$1")" "$3"); n=$(field requests "$r")
  echo "$r" "$(awk -v t=$(( $(cpu_ticks "$pid") - cpu )) -v hz="$(getconf CLK_TCK)" -v a=$(( $(metric "$1" dotnet_gc_heap_total_allocated) - alloc )) -v n="$n" \
    'BEGIN { printf "cpu_ms=%.3f alloc_kb=%.1f", t * 1000 / hz / n, a / 1024 / n }')"
}
carried() { # <url> <closed-loop RESULT>: the whole pipeline's figure. The POSTs a closed loop got answered
  # outrun the workers, so the rate of 201s alone would count work left undone: every accepted cancellation
  # is waited for until its supplier call and tenant KCI are done, and the figure is cancellations carried
  # end to end per second, over the load's seconds and the drain's (rps; the POST rate stays as accepted_rps).
  local r=$2 d n; d=$(settle "$1" 120); n=$(( $(field requests "$r") - $(field non2xx "$r") )) # only 201s made cancellations
  echo "RESULT rps=$(awk -v n="$n" -v l="$E2E_SECONDS" -v d="$d" 'BEGIN { if (d !~ /^[0-9.]+$/) print "n/a"; else printf "%d", n / (l + d) }')" \
    "accepted_rps=$(field rps "$r") requests=$n load_s=$E2E_SECONDS drain_s=$d p99_ms=$(field p99_ms "$r") errors=$(field errors "$r") non2xx=$(field non2xx "$r")"
}
open() { # <url> <first problem> <rate> <seconds> [token]: the harness holds the rate
  local t=${5:-}; [[ -n $t ]] || t=$(token "$1")
  (cd "$WORK/harness" && dotnet Harness.dll open "$1" "$t" "$2" "$3" "$4") | grep '^RESULT'
}
settle() { # <url> <max s>: seconds until both outboxes are empty, read every tenth of a second; "over<max>s",
  # or "unreadable" when /metrics does not answer (the exporter may serve a scrape it made a moment before:
  # a few tenths either way)
  local t0 b; t0=$(date +%s.%N)
  while b=$(backlog "$1"); (( b > 0 )); do
    (( b == UNREADABLE )) && { echo "unreadable"; return; }
    awk -v a="$t0" -v b="$(date +%s.%N)" -v m="$2" 'BEGIN { exit !(b - a > m) }' && { echo "over${2}s"; return; }
    sleep 0.1
  done
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}
drain_rate() { # <url>: cancellations a second the workers carry through the backlog there is now, with no load
  local b d; b=$(backlog "$1"); d=$(settle "$1" 30)
  awk -v b="$b" -v d="$d" 'BEGIN { if (d !~ /^[0-9.]+$/ || d < 0.5) print 0; else printf "%d", b / d }'
}
probe() { # <url> <first problem> <upper rate>: the highest rate (within 1/32 of the upper) the workers keep up
  # with: the rate was held, and at its end no more than a tenth of a second of work waits in the outboxes
  # (half a second let through a rate whose backlog grew 80 a second, which then failed the minute's hold).
  # Five steps: with four, a POST path of 4,900/s left 609 or 913/s to choose from, and the minute held 609.
  local lo=0 hi=$3 first=$2 rate r b
  for _ in 1 2 3 4 5; do
    rate=$(( (lo + hi) / 2 ))
    settle "$1" 30 >/dev/null
    r=$(open "$1" "$first" "$rate" 4); first=$(( first + rate * 5 )) # the harness warms up on the second after its own
    b=$(backlog "$1")
    if awk -v a="$(field rps "$r")" -v t="$rate" -v b="$b" 'BEGIN { exit !(a >= 0.98 * t && b <= t / 10) }'; then lo=$rate; else hi=$rate; fi
    echo "probe: $r backlog_at_end=$b" >&2
  done
  echo $(( lo > 0 ? lo : 1 ))
}
busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }
pair() { # <url one> <url two> <connections> [seconds]: both loaded at once, half the connections each; how busy the cores were
  local a b half=$(( $3 / 2 )) t0 s0 secs=${4:-$DURATION}
  t0=$(busy_ticks); s0=$SECONDS
  a=$(FIRST=1 TOKEN=$(token "$1") THREADS=1 wrk -t1 -c$half -d"${secs}s" -s build/bench/cancel.lua "$1" | grep '^RESULT' &
      FIRST=300001 TOKEN=$(token "$2") THREADS=1 wrk -t1 -c$half -d"${secs}s" -s build/bench/cancel.lua "$2" | grep '^RESULT' >"$WORK/pair.txt"; wait)
  b=$(cat "$WORK/pair.txt")
  local cores; cores=$(awk -v t=$(( $(busy_ticks) - t0 )) -v s=$(( SECONDS - s0 )) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz / (s > 0 ? s : 1) }')
  echo "RESULT rps=$(( $(field rps "$a") + $(field rps "$b") )) requests=$(( $(field requests "$a") + $(field requests "$b") )) one=$(field rps "$a") two=$(field rps "$b") cores_busy=$cores p99_ms=$(field p99_ms "$a"),$(field p99_ms "$b") errors=$(( $(field errors "$a") + $(field errors "$b") )) non2xx=$(( $(field non2xx "$a") + $(field non2xx "$b") ))"
}

met() { awk -v v="$1" -v g="$3" -v op="$2" 'BEGIN { if (v == "n/a" || v == "") { print "n/a"; exit } ok = (op == ">=") ? v >= g : v <= g; print ok ? "yes" : "**no**" }'; }
report() {
  local f; f=$(field rps "$FLOOR")
  local post_r whole_r full_r pair_r million_r
  post_r=$(ratio "$(field rps "$POST")" "$f"); whole_r=$(ratio "$(field rps "$SUSTAINED")" "$f")
  million_r=$(ratio "$(field rps "$MILLION")" "$(field rps "$POST")"); full_r=$(ratio "$(field rps "$FULL")" "$(field rps "$NORMAL")")
  pair_r=$(ratio "$(field rps "$PAIR")" "$(field rps "$NORMAL")")
  local held=yes
  [[ $DRAINED == [0-9]* ]] || held="no: backlog left 5 s after the end ($DRAINED)"
  awk -v a="$(field rps "$SUSTAINED")" -v t="$RATE" 'BEGIN { exit !(a < 0.98 * t) }' && held="no: the rate was not held"
  echo "| goal | measured | ratio | bar | met |"
  echo "|---|---|---|---|---|"
  echo "| floor (bare Kestrel, Newtonsoft, one SQLite insert) | $f req/s, p99 $(field p99_ms "$FLOOR") ms (the higher of $FLOOR_RUNS) | 1.00 | | |"
  echo "| POST path alone (workers off) | $(field rps "$POST") req/s, p99 $(field p99_ms "$POST") ms | $post_r × floor | ≥ 0.50 | $(met "$post_r" ">=" 0.5) |"
  echo "| whole pipeline held open-loop for ${SUSTAIN} s | $(field rps "$SUSTAINED") req/s of $RATE asked, p99 $(field p99_ms "$SUSTAINED") ms; backlog zero after ${DRAINED} s; POST path alone $(field rps "$POST") | $whole_r × floor | ≥ 0.30, held ($held) | $( [[ $held == yes ]] && met "$whole_r" ">=" 0.3 || echo "**no**") |"
  echo "| p99 at half that rate ($HALF_RATE req/s, open loop for ${SHORT} s) | p99 $(field p99_ms "$HALF") ms, p50 $(field p50_ms "$HALF") ms (the floor at that rate: p99 $(field p99_ms "$FLOOR_HALF") ms) | | ≤ 20 ms | $(met "$(field p99_ms "$HALF")" "<=" 20) |"
  echo "| allocation per request, POST path | $(field alloc_kb "$POST") KB | | ≤ 20 KB | $(met "$(field alloc_kb "$POST")" "<=" 20) |"
  echo "| CPU per request, POST path | $(field cpu_ms "$POST") ms | | reported | |"
  echo "| 1,000,000 cancellations stored | $(field rps "$MILLION") req/s | $million_r × empty | ≥ 0.90 | $(met "$million_r" ">=" 0.9) |"
  echo "| synchronous=FULL against NORMAL, whole pipeline (cancellations carried end to end) | $(field rps "$FULL") against $(field rps "$NORMAL") /s (runs $(field runs "$FULL") and $(field runs "$NORMAL"), alternated; 201s at $(field accepted_rps "$FULL") and $(field accepted_rps "$NORMAL")/s for ${E2E_SECONDS} s, then drained in $(field drains "$FULL") and $(field drains "$NORMAL") s) | $full_r | ≥ 0.85 | $(met "$full_r" ">=" 0.85) |"
  echo "| two processes on one file, whole pipeline (as NORMAL, beside it; $PAIR_CORES) | $(field rps "$PAIR") against $(field rps "$NORMAL") /s (runs $(field runs "$PAIR"); 201s at $(field accepted_rps "$PAIR")/s in all for ${E2E_SECONDS} s, then drained in $(field drains "$PAIR") s; $(field cores_busy "$PAIR") of $(nproc) cores busy under load) | $pair_r × one process | ≥ 1.00 | $(met "$pair_r" ">=" 1.0) |"
  echo "| Development as shipped | $(field dev_rps "$DEV") against $(field prod_rps "$DEV") req/s | $(field ratio "$DEV") × production-like | ≥ 0.50 | $(met "$(field ratio "$DEV")" ">=" 0.5) |"
  echo
  echo "201 → supplier has the call, idle gateway, 50 cancellations after 10 unmeasured: p50 $(field p50_ms "$LATENCY") ms, p99 $(field p99_ms "$LATENCY") ms."
  echo "A backlog of 5,000 drained into a stub supplier at $(field per_second "$DRAIN") cancellations/s ($(field received "$DRAIN") received)."
  echo "Errors or non-201 answers: floor $(field errors "$FLOOR")/$(field non2xx "$FLOOR"), POST $(field errors "$POST")/$(field non2xx "$POST"), held $(field errors "$SUSTAINED")/$(field non2xx "$SUSTAINED"), half $(field errors "$HALF")/$(field non2xx "$HALF"), floor at half $(field errors "$FLOOR_HALF")/$(field non2xx "$FLOOR_HALF"), pair $(field errors "$PAIR")/$(field non2xx "$PAIR")."
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, .NET $(dotnet --version), wrk -t2 -c$CONNECTIONS -d${DURATION}s (closed loop), the harness for open loop, ${E2E_SECONDS} s of load end to end, Release."
}
