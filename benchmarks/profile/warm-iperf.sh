#!/usr/bin/env bash
# warm-iperf.sh — one server's CPU per GB for one real-client iperf3 direction, measured warm (a
# discarded iperf3 first, so a JVM's JIT has compiled the path), optionally with a CPU profile
# (async-profiler, rendered by flame.py) and a count of the server's write/read/sendto system
# calls with their average sizes. compare.sh's rows include the first run after a start; this
# one isolates the steady state of one row.
#
# Usage: sudo benchmarks/profile/warm-iperf.sh           (about 1 minute)
# Knobs: SERVER [p2sgate] or openvpn   PROTO [tcp] or udp   DIR [fwd] or rev   CIPHER [AES-256-GCM]
#        WARM [10] s discarded   SECONDS_MEASURED [15]   PROFILE [0] 1 = flame graph of the
#        measured window (p2sgate only)   SYSCALLS [0] 1 = count system calls for 4 s of it
#        OUT [benchmarks/results/warm-iperf-<UTC date-time>]   SHARED [../shared]
set -euo pipefail
REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
SHARED=${SHARED:-$(cd "$REPO/../shared" && pwd)}
TB=$SHARED/bench/netns-testbed.sh
[[ $EUID -eq 0 ]] || { echo "warm-iperf.sh: run as root (network namespaces)" >&2; exit 2; }
SERVER=${SERVER:-p2sgate}; DIR=${DIR:-fwd}; MEASURED=${SECONDS_MEASURED:-15}
OUT=${OUT:-$REPO/benchmarks/results/warm-iperf-$(date -u +%Y-%m-%dT%H%M)}
export BENCH_STATE=${BENCH_STATE:-/tmp/warm-iperf-bench} VPN_PROTO=${PROTO:-tcp} VPN_CIPHER=${CIPHER:-AES-256-GCM}
export PKI_DIR=$BENCH_STATE/pki
JAVA_HOME=${JAVA_HOME:-$("$REPO/scripts/find-jdk.sh")}; export JAVA_HOME
JAR=$REPO/gateway-core/target/p2sgate.jar
SO=/tmp/profile-bench/libasyncProfiler.so # fetched by profile.sh
mkdir -p "$OUT"
"$SHARED/bench/pki.sh" "$PKI_DIR" 1 > /dev/null
REV=; [[ $DIR == rev ]] && REV=-R
cleanup() {
  "$TB" iperf-stop > /dev/null 2>&1 || true
  "$TB" client-stop all > /dev/null 2>&1 || true
  "$TB" gw-stop > /dev/null 2>&1 || true
  "$TB" teardown > /dev/null 2>&1 || true
}
trap cleanup EXIT
"$TB" setup > /dev/null
case $SERVER in
  openvpn) unset GW_CMD ;;
  p2sgate) export GW_CMD="env _JAVA_SR_SIGNUM=40 $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED ${GW_JAVA_OPTS:--Xms256m -Xmx512m} -XX:+EnableDynamicAgentLoading -jar $JAR serve --openvpn-config \$VPN_STATE/server.conf" ;;
  *) echo "warm-iperf.sh: SERVER is p2sgate or openvpn" >&2; exit 2 ;;
esac
"$TB" gw-start > /dev/null
PID=$(cut -d' ' -f1 "$BENCH_STATE/pids/gw.pid")
"$TB" client-start 1 > /dev/null
"$TB" wait-up 1 > /dev/null
"$TB" iperf-start 1 > /dev/null
ip netns exec vpn-client iperf3 -c 198.18.1.2 -p 5201 -t "${WARM:-10}" $REV > /dev/null
sleep 1
cpu() { sed 's/.*) //' "/proc/$PID/stat" | awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($12 + $13) / hz}'; }
profiling=0
if [[ ${PROFILE:-0} == 1 && $SERVER == p2sgate ]]; then
  [[ -f $SO ]] || { echo "warm-iperf.sh: run profile.sh once first (it fetches $SO)" >&2; exit 2; }
  "$JAVA_HOME/bin/jcmd" "$PID" JVMTI.agent_load "$SO" '"start,event=cpu,interval=1ms"' > /dev/null
  profiling=1
fi
if [[ ${SYSCALLS:-0} == 1 ]]; then
  ( sleep 3; perf record -q -o "$OUT/syscalls.data" -p "$PID" -e syscalls:sys_enter_write \
      -e syscalls:sys_enter_read -e syscalls:sys_enter_sendto -e syscalls:sys_enter_writev \
      -- sleep 4 > /dev/null 2>&1 ) &
fi
c0=$(cpu)
ip netns exec vpn-client iperf3 -c 198.18.1.2 -p 5201 -t "$MEASURED" $REV -J > "$OUT/iperf3.json"
c1=$(cpu)
wait
if ((profiling)); then
  "$JAVA_HOME/bin/jcmd" "$PID" JVMTI.agent_load "$SO" "\"stop,collapsed,file=$OUT/$SERVER.collapsed\"" > /dev/null
  python3 "$REPO/benchmarks/profile/flame.py" "$OUT/$SERVER.collapsed" "$OUT/flame.svg" \
    "p2sgate CPU, warm: real client, $VPN_PROTO $DIR, $VPN_CIPHER, ${MEASURED} s of iperf3"
  python3 - "$OUT/$SERVER.collapsed" <<'PY' > "$OUT/profile-split.txt"
import sys
total = kernel = 0
for line in open(sys.argv[1], errors="replace"):
    stack, n = line.rsplit(" ", 1)
    total += int(n)
    kernel += int(n) if stack.split(";")[-1].endswith("_[k]") else 0
print(f"{total} samples; in the kernel (system calls, softirq, the TUN and socket paths): {100 * kernel / max(total, 1):.1f}%")
PY
  gzip -9f "$OUT/$SERVER.collapsed"
fi
if [[ -f $OUT/syscalls.data ]]; then # per thread, call and fd: count and average size
  perf script -i "$OUT/syscalls.data" -F comm,event,trace 2> /dev/null | python3 -c '
import collections, re, sys
n, size = collections.Counter(), collections.Counter()
for line in sys.stdin:
    m = re.match(r"\s*(.+?)\s+syscalls:sys_enter_(\w+):\s+fd:\s*(0x[0-9a-f]+).*?(?:count|len|vlen):\s*(0x[0-9a-f]+)", line)
    if m:
        k = (m.group(1), m.group(2), int(m.group(3), 16)); n[k] += 1; size[k] += int(m.group(4), 16)
for k, v in n.most_common(8):
    print(f"{v:8} {k[1]:6} fd {k[2]:<3} by {k[0]:16} average {size[k] // v} bytes (read: the buffer offered)")
' > "$OUT/syscalls.txt"
  rm -f "$OUT/syscalls.data"
fi
python3 - "$OUT/iperf3.json" "$c0" "$c1" "$SERVER" "$VPN_PROTO" "$DIR" <<'PY' | tee "$OUT/result.txt"
import json, sys
d = json.load(open(sys.argv[1]))
b = d["end"]["sum_received"]["bytes"]; cpu = float(sys.argv[3]) - float(sys.argv[2])
print(f"{sys.argv[4]} {sys.argv[5]} {sys.argv[6]}: {d['end']['sum_received']['bits_per_second'] / 1e6:.0f} Mbit/s, "
      f"server {cpu:.2f} CPU-s for {b / 1e9:.3f} GB = {cpu / (b / 1e9):.2f} CPU-s/GB")
PY
