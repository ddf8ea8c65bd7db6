#!/usr/bin/env bash
# A tunnel-up.sh HOOK: S [20] seconds of load-generator handshakes through the server's real
# sockets (64 client source addresses, 16 in flight) before the real client connects, to see how
# much warmer code shortens the tunnel set-up. Needs benchmarks/target/benchmarks.jar and a PKI
# with at least 16 clients: PKI_DIR is tunnel-up.sh's (rm -rf it once, then
# ../shared/bench/pki.sh "$PKI_DIR" 16).
set -euo pipefail
REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../.." && pwd)
# shellcheck source=../../loadgen/sources.sh
source "$REPO/benchmarks/loadgen/sources.sh"
add_sources 64
timeout $((${S:-20} + 60)) ip netns exec vpn-client "$JAVA_HOME/bin/java" -Xmx512m \
  -cp "$REPO/benchmarks/target/benchmarks.jar" org.p2sgate.bench.loadgen.LoadGen \
  --label warm --pki "$PKI_DIR" --cipher AES-256-GCM --sources 64 --source-base 198.19.0.0 \
  --mode handshakes --concurrency 16 --seconds "${S:-20}" --warmup 0 | grep '^RESULT'
sleep 2
