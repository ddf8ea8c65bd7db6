#!/usr/bin/env bash
# tunnel-up.sh — where a UDP (or TCP) tunnel's set-up time goes, packet by packet: the real
# OpenVPN 2.6 server and p2sgate one after the other on the shared netns testbed, the real client
# connecting K times to each, one after another, with tcpdump on the gateway's outer link.
#
# For each connection it prints how long the server took to answer each client flight (the reset,
# the ClientHello, the client's certificate flight, the PUSH_REQUEST) and the time from the
# client's first packet to its last; OUT/<server>.dump keeps the capture, OUT/<server>-K.log the
# client's log.
#
# Usage: sudo benchmarks/netns/tunnel-up.sh                 (about 1 minute with the defaults)
# Knobs: SERVERS ["openvpn p2sgate"]  K [6] connections each  PROTO [udp]
#        GW_JAVA_OPTS [-Xms64m -Xmx512m] (e.g. add -XX:TieredStopAtLevel=1)
#        SETTLE [0] s to wait after the server is up before the first connection
#        HOOK [none] a command run after SETTLE with GWPID set (e.g. hooks/handshakes.sh: warm
#        the server with load-generator handshakes first; hooks/renice-jit.sh)
#        VERB [3] the client's and server's verbosity   OUT [benchmarks/results/tunnel-up-<UTC date-time>]
#        SHARED [../shared beside the repository]   SKIP_BUILD [0]
set -euo pipefail
REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
SHARED=${SHARED:-$(cd "$REPO/../shared" && pwd)}
TB=$SHARED/bench/netns-testbed.sh
[[ $EUID -eq 0 ]] || { echo "tunnel-up.sh: run as root (network namespaces)" >&2; exit 2; }
[[ -x $TB ]] || { echo "tunnel-up.sh: $TB not found (set SHARED=)" >&2; exit 2; }
command -v tcpdump > /dev/null || { apt-get update -qq; apt-get install -y -qq tcpdump > /dev/null; }
SERVERS=${SERVERS:-"openvpn p2sgate"}; K=${K:-6}; VERB=${VERB:-3}
OUT=${OUT:-$REPO/benchmarks/results/tunnel-up-$(date -u +%Y-%m-%dT%H%M)}
export BENCH_STATE=${BENCH_STATE:-/tmp/tunnel-up-bench} VPN_PROTO=${PROTO:-udp} VPN_CIPHER=AES-256-GCM
export PKI_DIR=$BENCH_STATE/pki VPN_VERB=$VERB
mkdir -p "$OUT"
JAVA_HOME=${JAVA_HOME:-$("$REPO/scripts/find-jdk.sh")}; export JAVA_HOME
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  (cd "$REPO" && mvn -B -q -ntp -DskipTests -pl gateway-core -am package)
fi
JAR=$REPO/gateway-core/target/p2sgate.jar
"$SHARED/bench/pki.sh" "$PKI_DIR" 1 > /dev/null

DUMP_PID=
cleanup() {
  if [[ -n $DUMP_PID ]]; then kill "$DUMP_PID" 2>/dev/null || true; wait "$DUMP_PID" 2>/dev/null || true; fi
  "$TB" client-stop all > /dev/null 2>&1 || true
  "$TB" gw-stop > /dev/null 2>&1 || true
  "$TB" teardown > /dev/null 2>&1 || true
}
trap cleanup EXIT
"$TB" setup > /dev/null
for server in $SERVERS; do
  case $server in
    openvpn) unset GW_CMD ;;
    p2sgate) export GW_CMD="env _JAVA_SR_SIGNUM=40 $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED ${GW_JAVA_OPTS:--Xms64m -Xmx512m} -jar $JAR serve --openvpn-config \$VPN_STATE/server.conf" ;;
    *) echo "tunnel-up.sh: unknown server $server" >&2; exit 2 ;;
  esac
  "$TB" gw-start > /dev/null
  sleep "${SETTLE:-0}"
  if [[ -n ${HOOK:-} ]]; then GWPID=$(cut -d' ' -f1 "$BENCH_STATE/pids/gw.pid") bash -c "$HOOK"; fi
  ip netns exec vpn-gw timeout 600 tcpdump -U -i inet-g -n -tt "port 1194" > "$OUT/$server.dump" 2> /dev/null &
  DUMP_PID=$!
  sleep 1
  for k in $(seq 1 "$K"); do
    "$TB" client-start 1 > /dev/null
    "$TB" wait-up 1 > /dev/null
    cp "$BENCH_STATE/logs/client01.log" "$OUT/$server-$k.log"
    "$TB" client-stop all > /dev/null
    sleep 0.5
  done
  cp "$BENCH_STATE/logs/gw.log" "$OUT/gw-$server.log"
  kill "$DUMP_PID"; wait "$DUMP_PID" 2> /dev/null || true; DUMP_PID=
  "$TB" gw-stop > /dev/null
done

# One line per connection: the server's answer time to each client flight (ms), and the total.
python3 - "$OUT" $SERVERS > "$OUT/summary.txt" <<'PY'
import collections, statistics, sys
out = sys.argv[1]
print("server     conn  answer to each client flight (ms)                      first..last packet (ms)")
for server in sys.argv[2:]:
    conns = collections.OrderedDict()
    for line in open(f"{out}/{server}.dump"):
        p = line.split()
        if len(p) < 5 or not p[-1].isdigit():
            continue
        t, src, dst = float(p[0]), p[2], p[4].rstrip(":")
        client = not src.endswith(".1194")
        conns.setdefault(src if client else dst, []).append((t, client))
    totals = []
    for n, pk in enumerate(conns.values(), 1):
        waits, i = [], 0
        while i < len(pk):
            if pk[i][1]:  # a client flight: its last packet, then the server's first answer
                j = i
                while j + 1 < len(pk) and pk[j + 1][1]:
                    j += 1
                if j + 1 < len(pk):
                    waits.append(1000 * (pk[j + 1][0] - pk[j][0]))
                i = j + 1
            else:
                i += 1
        total = 1000 * (pk[-1][0] - pk[0][0])
        totals.append(total)
        print(f"{server:10} {n:4}  " + " ".join(f"{w:5.1f}" for w in waits).ljust(55) + f" {total:7.1f}")
    if totals:
        print(f"{server:10} median first..last {statistics.median(totals):.1f} ms over {len(totals)} connections")
    # the client's own view: its first packet ("Initial packet") to "Initialization Sequence
    # Completed", without process start and the harness's polling
    inits = []
    for k in range(1, len(conns) + 1):
        a = b = None
        try:
            for line in open(f"{out}/{server}-{k}.log"):
                if a is None and "Initial packet" in line:
                    a = float(line.split()[0])
                if "Initialization Sequence Completed" in line:
                    b = float(line.split()[0])
        except OSError:
            pass
        if a is not None and b is not None:
            inits.append(1000 * (b - a))
    if inits:
        print(f"{server:10} median client first packet..initialized {statistics.median(inits):.1f} ms"
              f" (last half {statistics.median(inits[len(inits) // 2:]):.1f}): "
              + " ".join(f"{x:.1f}" for x in inits))
PY
cat "$OUT/summary.txt"
echo "tunnel-up.sh: results in $OUT" >&2
