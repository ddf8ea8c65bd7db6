#!/usr/bin/env bash
# compare.sh — p2sgate against the real OpenVPN 2.6 server, same netns testbed, same run.
#
# Runs ../shared/bench/anchor-openvpn.sh twice, one right after the other: first with the real
# `openvpn` server, then with our gateway swapped in through GW_CMD (the real openvpn 2.6 client
# is used both times). Writes both reports, the raw CSVs, a combined summary table and a plot
# into OUT (default benchmarks/results/<UTC date>).
#
# Usage: sudo benchmarks/netns/compare.sh          (about 20 min on a quiet 2-core machine)
# Knobs: OUT=dir  RUNS=3 DURATION=10 MULTI_N=20 ... (passed through to anchor-openvpn.sh)
#        GW_JAVA_OPTS [-Xms256m -Xmx512m] p2sgate's JVM options (e.g. -Dp2sgate.tun.offload=false)
#        SHARED=path to the shared/ folder (default: ../shared beside the repository)
set -euo pipefail
REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
SHARED=${SHARED:-$(cd "$REPO/../shared" && pwd)}
OUT=${OUT:-$REPO/benchmarks/results/$(date -u +%Y-%m-%d)}
ANCHOR=$SHARED/bench/anchor-openvpn.sh
[[ $EUID -eq 0 ]] || { echo "compare.sh: run as root (network namespaces)" >&2; exit 2; }
[[ -x $ANCHOR ]] || { echo "compare.sh: $ANCHOR not found (set SHARED=)" >&2; exit 2; }
for t in openvpn iperf3 jq gnuplot; do
  command -v $t > /dev/null || { apt-get update -qq; apt-get install -y -qq openvpn iperf3 jq gnuplot-nox > /dev/null; break; }
done
mkdir -p "$OUT"

# build once, so that no build runs inside a measurement window
JAVA_HOME=$("$REPO/scripts/find-jdk.sh"); export JAVA_HOME
(cd "$REPO" && mvn -B -q -ntp -DskipTests -pl gateway-core -am package)
JAR=$REPO/gateway-core/target/p2sgate.jar

echo "== 1/2 the real OpenVPN server" >&2
RESULTS_MD=$OUT/openvpn.md RAW_CSV=$OUT/openvpn.csv BENCH_STATE=/tmp/p2s-bench-openvpn \
  "$ANCHOR"

echo "== 2/2 p2sgate" >&2
# Warm-up threads are created lazily by the JVM; the harness counts forks in a window, so allow
# the JIT/GC threads of the server under test a little slack.
export GW_CMD="env _JAVA_SR_SIGNUM=40 $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED ${GW_JAVA_OPTS:--Xms256m -Xmx512m} -jar $JAR serve --openvpn-config \$VPN_STATE/server.conf"
RESULTS_MD=$OUT/p2sgate.md RAW_CSV=$OUT/p2sgate.csv BENCH_STATE=/tmp/p2s-bench-p2sgate \
  LABEL="p2sgate $(git -C "$REPO" rev-parse --short HEAD)" FOREIGN_MAX_FORKS=${FOREIGN_MAX_FORKS:-40} \
  "$ANCHOR"

"$REPO/benchmarks/netns/summarize.sh" "$OUT"
echo "compare.sh: results in $OUT" >&2
