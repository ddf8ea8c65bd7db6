#!/usr/bin/env bash
# profile.sh — where p2sgate's CPU goes under the load generator's bulk traffic, as a picture:
# async-profiler (CPU samples, Java and kernel frames) on the gateway for a short load-generator
# run, rendered by flame.py into OUT/flame.svg (callers on top), with the collapsed stacks beside
# (p2sgate.collapsed.gz).
#
# Usage: sudo benchmarks/profile/profile.sh                (about 2 minutes)
# Knobs: SIZES ["1400"] DIRS ["fwd rev"] PPS [50000] BULK_SECONDS [20]   OUT [benchmarks/results/profile-<UTC date-time>]
#        AP_VERSION [4.1] async-profiler, fetched from Maven Central (tools.profiler:async-profiler)
# The profile covers the gateway's whole life in the run: start-up, a few seconds of handshakes,
# then the bulk phases, which dominate with the defaults.
set -euo pipefail
REPO=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)
[[ $EUID -eq 0 ]] || { echo "profile.sh: run as root (network namespaces, perf events)" >&2; exit 2; }
OUT=${OUT:-$REPO/benchmarks/results/profile-$(date -u +%Y-%m-%dT%H%M)}
AP_VERSION=${AP_VERSION:-4.1}
STATE=${BENCH_STATE:-/tmp/profile-bench}
mkdir -p "$OUT" "$STATE"
JAVA_HOME=${JAVA_HOME:-$("$REPO/scripts/find-jdk.sh")}; export JAVA_HOME
SO=$STATE/libasyncProfiler.so
if [[ ! -f $SO ]]; then
  (cd "$REPO" && mvn -B -q -ntp dependency:get -Dartifact="tools.profiler:async-profiler:$AP_VERSION" \
    -Dmaven.repo.local="$STATE/m2")
  unzip -p "$STATE/m2/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar" \
    linux-x64/libasyncProfiler.so > "$SO"
fi
COLLAPSED=$OUT/p2sgate.collapsed
SERVERS=p2sgate N=10 HOLD=5 HS_SECONDS=5 HS_WARM=0 WARMUP_S=1 \
  SIZES=${SIZES:-1400} DIRS=${DIRS:-"fwd rev"} PPS=${PPS:-50000} BULK_SECONDS=${BULK_SECONDS:-20} \
  BENCH_STATE=$STATE OUT=$OUT \
  GW_JAVA_OPTS="-Xms64m -Xmx512m -agentpath:$SO=start,event=cpu,interval=1ms,collapsed,file=$COLLAPSED" \
  "$REPO/benchmarks/loadgen/run.sh"
[[ -s $COLLAPSED ]] || { echo "profile.sh: no profile written ($COLLAPSED)" >&2; exit 1; }
python3 "$REPO/benchmarks/profile/flame.py" "$COLLAPSED" "$OUT/flame.svg" \
  "p2sgate CPU under the load generator: ${SIZES:-1400} B, ${DIRS:-fwd rev}, ${PPS:-50000} pps offered"
gzip -9f "$COLLAPSED" # the stacks themselves, for other renderers (speedscope, flamegraph.pl)
echo "profile.sh: $OUT/flame.svg" >&2
