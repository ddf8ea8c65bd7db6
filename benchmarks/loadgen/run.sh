#!/usr/bin/env bash
# run.sh — the load generator against the real OpenVPN 2.6 server and p2sgate, one after the
# other in the same session, on the shared netns testbed (shared/bench/netns-testbed.sh).
#
# For each server: N sessions up and held with keepalives (connect), handshakes per second at a
# fixed concurrency (handshakes), then UDP probes of each size in each direction (bulk), with the
# server's CPU seconds for every phase. Writes OUT/results.txt (one RESULT line per phase),
# OUT/summary.md (side by side, with ratios) and OUT/loadgen.png (gnuplot).
#
# Usage: sudo benchmarks/loadgen/run.sh           (about 6 minutes with the defaults)
# Knobs (defaults in brackets):
#   SERVERS ["openvpn p2sgate"]  N [100] sessions in connect   CONC [16] handshakes in flight
#   HOLD [25] s held after connect   HS_CONC [16]  HS_SECONDS [20]  HS_WARMUP [5]
#   HS_WARM [60] s more of handshakes, not counted, before the handshake phase is measured again
#   ("warm": the JVM's JIT has compiled the handshake path by then; 0 skips the second phase)
#   BULK_N [10] sessions   SIZES ["200 1400"] inner IP bytes   DIRS ["fwd rev"] (or echo)
#   PPS [20000] offered packets/s in all (a list sweeps: PPS="20000 50000 80000")
#   BULK_SECONDS [10]   CIPHER [AES-256-GCM]   WARMUP_S [5] handshakes before the first measured
#   phase, results discarded (the JIT of a JVM server warms up; the same for both servers)   OUT [benchmarks/results/loadgen-<UTC date-time>]
#   LG_HEAP [512m; 4096m above 2,000 sessions] the load generator's own heap
#   SOURCES [512] client source addresses   BENCH_STATE [/tmp/loadgen-bench]   SKIP_BUILD [0]
#   SHARED [../shared beside the repository]
#   GW_JAVA_OPTS [-Xms64m -Xmx512m, as ./p2sgate] p2sgate's JVM options (e.g. add -XX:StartFlightRecording=...)
#   POOL [auto] the VPN pool: the testbed's 10.8.0.0/24, or 10.8.0.0/16 with max-clients 16384
#   when N is above 240 (or POOL=16 / POOL=24 to choose)
#   RENEG_SEC [unset] adds reneg-sec to both servers' configuration (renegotiation in the hold)
#   TXQUEUELEN [unset] adds txqueuelen to both (unset: each its default, the kernel's 500 for
#   OpenVPN, 1000 for p2sgate, decision 36)
#
# Memory and idle cost (connect phase): before it, and 8 s before the hold ends (every session
# up), the server's RSS, and for a JVM the heap in use after a full GC (jcmd GC.run), are added
# to the RESULT line; with the CPU seconds of the hold alone (from all up to 8 s before its end),
# summarize.sh shows memory per session and CPU per idle session.
#
# Drops (bulk phases): where the lost packets went. p2sgate's drop counters by reason that grew
# during the phase, from the status line SIGUSR2 makes it log before and after the phase
# (server_drops=reason:n+reason:n); and, for both servers, the kernel's: the server's TUN device
# queue (tx_dropped of tun-gw: packets the server did not read in time), UDP receive and send
# buffer overflows in the gateway's, the client's and the reflector's namespaces, and packets
# dropped at a full per-CPU input backlog (softnet_stat) (kernel_drops=...). A bulk row's sent
# counts what the source really sent: in rev the reflector's bursts give up a second after their
# time when it is short of CPU, and what they did not send is "unsent", not loss.
#
# Source addresses: p2sgate answers at most 20 new sessions per source address and 100 per /24
# every 10 s (CookieRateLimit), so one address would measure that limit, not the handshake. After
# the testbed's setup, run.sh adds SOURCES addresses 198.19.N.1-4 (4 per /24) to vpn-client's
# link and routes 198.19.0.0/16 back to it from vpn-gw; they go with the namespaces at teardown.
#
# Both servers run the testbed's configuration plus `connect-freq-initial 100000 10`: each caps
# the new sessions it answers per window in all (a reflection-attack guard: OpenVPN 2.6 100 per
# 10 s, p2sgate 5,000), which would cap the handshake phase at 10/s and 500/s. p2sgate's per-source
# guards stay at their defaults (20 per address and 100 per /24 per 10 s, and
# max-pending-per-source 32: CONC is kept below it).
set -euo pipefail
REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
SHARED=${SHARED:-$(cd "$REPO/../shared" && pwd)}
TB=$SHARED/bench/netns-testbed.sh
[[ $EUID -eq 0 ]] || { echo "run.sh: run as root (network namespaces)" >&2; exit 2; }
[[ -x $TB ]] || { echo "run.sh: $TB not found (set SHARED=)" >&2; exit 2; }

SERVERS=${SERVERS:-"openvpn p2sgate"}
N=${N:-100}; CONC=${CONC:-16}; HOLD=${HOLD:-25}
HS_CONC=${HS_CONC:-16}; HS_SECONDS=${HS_SECONDS:-20}; HS_WARMUP=${HS_WARMUP:-5}; HS_WARM=${HS_WARM:-60}
BULK_N=${BULK_N:-10}; SIZES=${SIZES:-"200 1400"}; DIRS=${DIRS:-"fwd rev"}; PPS=${PPS:-20000}
BULK_SECONDS=${BULK_SECONDS:-10}; CIPHER=${CIPHER:-AES-256-GCM}; SOURCES=${SOURCES:-512}
WARMUP_S=${WARMUP_S:-5}
LG_HEAP=${LG_HEAP:-$(( N > 2000 ? 4096 : 512 ))m} # the generator's heap (its sessions are full TLS clients)
OUT=${OUT:-$REPO/benchmarks/results/loadgen-$(date -u +%Y-%m-%dT%H%M)}
export BENCH_STATE=${BENCH_STATE:-/tmp/loadgen-bench}
export PKI_DIR=$BENCH_STATE/pki VPN_PROTO=udp VPN_CIPHER=$CIPHER
mkdir -p "$OUT"

JAVA_HOME=${JAVA_HOME:-$("$REPO/scripts/find-jdk.sh")}; export JAVA_HOME
JAVA=$JAVA_HOME/bin/java
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  (cd "$REPO" && mvn -B -q -ntp -DskipTests -DskipITs install)
fi
GW_JAR=$REPO/gateway-core/target/p2sgate.jar
BENCH_JAR=$REPO/benchmarks/target/benchmarks.jar
[[ -f $GW_JAR && -f $BENCH_JAR ]] || { echo "run.sh: build the jars first" >&2; exit 2; }

need=$(( N > BULK_N ? N : BULK_N )); need=$(( need > HS_CONC ? need : HS_CONC ))
"$SHARED/bench/pki.sh" "$PKI_DIR" "$need"

REFLECTOR_PID=
cleanup() {
  if [[ -n $REFLECTOR_PID ]]; then kill "$REFLECTOR_PID" 2>/dev/null || true; wait "$REFLECTOR_PID" 2>/dev/null || true; fi
  "$TB" teardown || true
}
trap cleanup EXIT
"$TB" setup
# shellcheck source=sources.sh
source "$REPO/benchmarks/loadgen/sources.sh"
if (( SOURCES > 0 )); then add_sources "$SOURCES"; fi

cpu_s() { # utime+stime of PID in seconds (fields 14, 15 of /proc/PID/stat)
  sed 's/.*) //' "/proc/$1/stat" | awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($12 + $13) / hz}'
}
jit_cpu_s() { # CPU seconds of a JVM's JIT compiler threads (C1, C2); 0 for other servers
  local t sum=0 hz; hz=$(getconf CLK_TCK)
  for t in /proc/"$1"/task/*; do
    [[ $(cat "$t/comm" 2>/dev/null) == C[12]\ Compiler* ]] || continue
    sum=$(( sum + $(sed 's/.*) //' "$t/stat" | awk '{print $12 + $13}') ))
  done
  awk -v s="$sum" -v hz="$hz" 'BEGIN{printf "%.2f", s / hz}'
}
mem_kib() { # mem_kib PID SUFFIX: RSS, and for a JVM the heap used after a full GC, in KiB
  local pid=$1 heap=- rss
  if [[ $(readlink "/proc/$pid/exe") == */java ]]; then
    "$JAVA_HOME/bin/jcmd" "$pid" GC.run > /dev/null 2>&1 || true
    heap=$("$JAVA_HOME/bin/jcmd" "$pid" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9)
    [[ -n $heap ]] || heap=-
  fi
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  echo "rss_kib_$2=$rss heap_kib_$2=$heap"
}
EXTRA=$BENCH_STATE/extra # more key=value pairs for the next RESULT line
gw_drops() { # gw_drops PID: p2sgate's drop counters ("reason=n,..."), from the status SIGUSR2 logs
  local pid=$1 log=$BENCH_STATE/logs/gw.log before t line
  [[ $(readlink "/proc/$pid/exe") == */java ]] || return 0
  before=$(grep -c 'status: {' "$log" 2>/dev/null || true)
  kill -USR2 "$pid" 2>/dev/null || return 0
  for ((t = 0; t < 40; t++)); do
    (( $(grep -c 'status: {' "$log" 2>/dev/null || true) > ${before:-0} )) && break
    sleep 0.05
  done
  line=$(grep 'status: {' "$log" | tail -1 | sed -n 's/.*drops={\([^}]*\)}.*/\1/p' | tr -d ' ')
  echo "${line:-none=0}"
}
net_drops() { # the kernel's drop counters along the path: "name=n,..." (tun-gw: the server's device)
  local tun backlog=0 d
  tun=$(ip netns exec vpn-gw cat /sys/class/net/tun-gw/statistics/tx_dropped 2>/dev/null || echo 0)
  # packets dropped because a CPU's input backlog was full (every namespace: the file is global)
  while read -r _ d _; do backlog=$((backlog + 16#$d)); done < /proc/net/softnet_stat
  printf 'tun_queue_full=%s,softnet_backlog=%s,' "$tun" "$backlog"
  udp_errors vpn-gw gw; printf ','; udp_errors vpn-client client; printf ','
  udp_errors vpn-vnet reflector; echo
}
udp_errors() { # udp_errors NS PREFIX: that namespace's UDP receive and send buffer overflows
  ip netns exec "$1" awk -v p="$2" '/^Udp:/ { if (!h) { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
    printf "%s_udp_rcvbuf=%s,%s_udp_sndbuf=%s", p, $col["RcvbufErrors"], p, $col["SndbufErrors"] }' /proc/net/snmp
}
drop_delta() { # drop_delta BEFORE AFTER: the reasons that grew, "reason:n+reason:n" ("none" if none)
  awk -v a="$1" -v b="$2" 'BEGIN {
    n = split(a, x, ","); for (i = 1; i <= n; i++) { split(x[i], p, "="); was[p[1]] = p[2] }
    n = split(b, y, ","); out = ""
    for (i = 1; i <= n; i++) { split(y[i], p, "="); d = p[2] - was[p[1]]
      if (d > 0) out = out (out == "" ? "" : "+") p[1] ":" d }
    print out == "" ? "none" : out }'
}
hold_sampler() { # hold_sampler PID READY_FILE: CPU over the hold, memory near its end
  local pid=$1 ready=$2 t c0 c1 window=$(( HOLD > 12 ? HOLD - 8 : HOLD / 2 ))
  for ((t = 0; t < 1200; t++)); do [[ -f $ready ]] && break; sleep 0.5; done
  [[ -f $ready ]] || return 0
  c0=$(cpu_s "$pid"); sleep "$window"; c1=$(cpu_s "$pid")
  echo "hold_cpu_s=$(awk -v a="$c1" -v b="$c0" 'BEGIN{printf "%.2f", a-b}') hold_cpu_window_s=$window $(mem_kib "$pid" held)" >> "$EXTRA"
}
loadgen() { # loadgen LABEL ARGS... : one phase, its RESULT line with the server's CPU appended
  local label=$1 pid before after jit0 line; shift
  pid=$("$TB" gw-pid); before=$(cpu_s "$pid"); jit0=$(jit_cpu_s "$pid")
  local drops0= net0=; [[ $* == *"--mode bulk"* ]] && { drops0=$(gw_drops "$pid"); net0=$(net_drops); }
  local from=$BENCH_STATE/measuring sampled=$BENCH_STATE/measuring.cpu wpid=
  rm -f "$from" "$sampled"
  if [[ $* == *"--mode handshakes"* ]]; then # the server's CPU from the counted window only
    set -- "$@" --ready-file "$from"
    ( for ((t = 0; t < 2400; t++)); do [[ -f $from ]] && break; sleep 0.25; done
      [[ -f $from ]] && echo "$(cpu_s "$pid") $(jit_cpu_s "$pid")" > "$sampled" ) &
    wpid=$!
  fi
  line=$(timeout 900 ip netns exec vpn-client "$JAVA" -Xms256m -Xmx"$LG_HEAP" -cp "$BENCH_JAR" \
    org.p2sgate.bench.loadgen.LoadGen --label "$label" --pki "$PKI_DIR" --cipher "$CIPHER" \
    --sources "$SOURCES" --source-base 198.19.0.0 "$@" \
    | grep '^RESULT ' || true)
  after=$(cpu_s "$pid")
  if [[ -n $wpid ]]; then
    wait "$wpid" 2>/dev/null || true
    if [[ -s $sampled ]]; then read -r before jit0 < "$sampled"; line="$line cpu_from=window"; fi
  fi
  [[ -n $line ]] || line="RESULT label=$label error=no_result $*"
  line="$line server_cpu_s=$(awk -v a="$after" -v b="$before" 'BEGIN{printf "%.2f", a-b}')"
  line="$line jit_cpu_s=$(awk -v a="$(jit_cpu_s "$pid")" -v b="$jit0" 'BEGIN{printf "%.2f", a-b}')"
  if [[ -n $drops0 ]]; then line="$line server_drops=$(drop_delta "$drops0" "$(gw_drops "$pid")")"; fi
  if [[ -n $net0 ]]; then line="$line kernel_drops=$(drop_delta "$net0" "$(net_drops)")"; fi
  if [[ -n ${SAMPLER:-} ]]; then wait "$SAMPLER" || true; SAMPLER=; fi
  if [[ -s $EXTRA ]]; then line="$line $(tr '\n' ' ' < "$EXTRA" | sed 's/ *$//')"; fi
  rm -f "$EXTRA"
  echo "$line" | tee -a "$OUT/results.txt"
}
discarded_handshakes() { # discarded_handshakes SECONDS: handshakes whose figures are not kept
  (( $1 > 0 )) || return 0
  timeout $(( $1 + 120 )) ip netns exec vpn-client "$JAVA" -Xmx"$LG_HEAP" -cp "$BENCH_JAR" org.p2sgate.bench.loadgen.LoadGen \
    --label "$server-warmup" --pki "$PKI_DIR" --cipher "$CIPHER" --sources "$SOURCES" \
    --mode handshakes --concurrency "$HS_CONC" --seconds "$1" --warmup 0 > /dev/null || true
}

: > "$OUT/results.txt"
GW_JAVA_OPTS=${GW_JAVA_OPTS:--Xms64m -Xmx512m} # the launcher's heap (./p2sgate)
POOL=${POOL:-auto}; [[ $POOL == auto ]] && POOL=$(( N > 240 ? 16 : 24 ))
RENEG_SEC=${RENEG_SEC:-}
TXQUEUELEN=${TXQUEUELEN:-}
# Both servers read the testbed's server.conf through this wrapper, which copies it and adds what
# the run needs: the connect guard lifted (both servers' global cap on new sessions per window:
# OpenVPN answers 100 per 10 s by default, p2sgate 5,000; a handshake phase above that measures
# the guard), a /16 pool, reneg-sec.
cat > "$BENCH_STATE/wide-pool.sh" <<WRAP
#!/usr/bin/env bash
cp "\$VPN_STATE/server.conf" "\$VPN_STATE/server-wide.conf"
echo "connect-freq-initial 100000 10" >> "\$VPN_STATE/server-wide.conf"
if [[ $POOL == 16 ]]; then # the testbed writes a /24 pool: widen it
  sed -i 's/^server \\([0-9.]*\\) .*/server \\1 255.255.0.0/' "\$VPN_STATE/server-wide.conf"
  echo "max-clients 16384" >> "\$VPN_STATE/server-wide.conf"
fi
[[ -z "$RENEG_SEC" ]] || echo "reneg-sec $RENEG_SEC" >> "\$VPN_STATE/server-wide.conf"
[[ -z "$TXQUEUELEN" ]] || echo "txqueuelen $TXQUEUELEN" >> "\$VPN_STATE/server-wide.conf"
exec "\$@"
WRAP
chmod +x "$BENCH_STATE/wide-pool.sh"
CONF='$VPN_STATE/server-wide.conf'
WRAP="$BENCH_STATE/wide-pool.sh "
for server in $SERVERS; do
  case $server in
    openvpn) GW_CMD="${WRAP}openvpn --config \"$CONF\"" ;;
    p2sgate) GW_CMD="${WRAP}env _JAVA_SR_SIGNUM=40 $JAVA --enable-native-access=ALL-UNNAMED $GW_JAVA_OPTS -jar $GW_JAR serve --openvpn-config $CONF" ;;
    *) echo "run.sh: unknown server $server" >&2; exit 2 ;;
  esac
  echo "== $server" >&2
  GW_CMD=$GW_CMD "$TB" gw-start
  ip netns exec vpn-vnet "$JAVA" -Xmx256m -cp "$BENCH_JAR" org.p2sgate.bench.loadgen.Reflector \
    --seconds 3600 > "$OUT/reflector-$server.log" 2>&1 &
  REFLECTOR_PID=$!
  discarded_handshakes "$WARMUP_S"
  rm -f "$BENCH_STATE/ready" "$EXTRA"
  mem_kib "$("$TB" gw-pid)" before > "$EXTRA"
  hold_sampler "$("$TB" gw-pid)" "$BENCH_STATE/ready" &
  SAMPLER=$!
  loadgen "$server" --mode connect --sessions "$N" --concurrency "$CONC" --seconds "$HOLD" \
    --ready-file "$BENCH_STATE/ready"
  echo "when=cold" > "$EXTRA"
  loadgen "$server" --mode handshakes --concurrency "$HS_CONC" --seconds "$HS_SECONDS" --warmup "$HS_WARMUP"
  if (( HS_WARM > 0 )); then
    # one generator process warms up and then counts, so that its own JIT is warm too
    echo "when=warm warm_s=$HS_WARM" > "$EXTRA"
    loadgen "$server" --mode handshakes --concurrency "$HS_CONC" --seconds "$HS_SECONDS" --warmup "$HS_WARM"
  fi
  for pps in $PPS; do
    for size in $SIZES; do
      for dir in $DIRS; do
        loadgen "$server" --mode bulk --sessions "$BULK_N" --size "$size" --dir "$dir" --pps "$pps" \
          --seconds "$BULK_SECONDS"
      done
    done
  done
  kill "$REFLECTOR_PID" 2>/dev/null || true; wait "$REFLECTOR_PID" 2>/dev/null || true; REFLECTOR_PID=
  tail -n 200 "$BENCH_STATE/logs/gw.log" > "$OUT/gw-$server.log" 2>/dev/null || true
  "$TB" gw-stop
done

{
  echo "# Load generator: OpenVPN 2.6 server and p2sgate, $(date -u +%Y-%m-%d) ($(nproc) CPUs)"
  echo
  echo "p2sgate $(git -C "$REPO" rev-parse --short HEAD), $(openvpn --version | head -1 | cut -d' ' -f1-2),"
  echo "cipher $CIPHER, tls-crypt, EC P-256, UDP, $SOURCES client source addresses, ${WARMUP_S} s of handshakes before the first phase. Command: \`$(printf '%s ' N="$N" CONC="$CONC" HOLD="$HOLD" HS_CONC="$HS_CONC" HS_SECONDS="$HS_SECONDS" HS_WARM="$HS_WARM" BULK_N="$BULK_N" SIZES="\"$SIZES\"" DIRS="\"$DIRS\"" PPS="\"$PPS\"" BULK_SECONDS="$BULK_SECONDS")sudo benchmarks/loadgen/run.sh\`"
  echo
  "$REPO/benchmarks/loadgen/summarize.sh" "$OUT/results.txt" "$OUT/plot.dat"
} > "$OUT/summary.md"
if command -v gnuplot > /dev/null && [[ -s $OUT/plot.dat ]]; then
  gnuplot -e "dat='$OUT/plot.dat'; out='$OUT/loadgen.png'" "$REPO/benchmarks/loadgen/ratio.gp" || true
fi
cat "$OUT/summary.md"
echo "run.sh: results in $OUT" >&2
