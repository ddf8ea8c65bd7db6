#!/usr/bin/env bash
# Fuzzes every hand-written parser that takes peer input, each for the time its @FuzzTest names
# (20 s), one JVM per target (Jazzer fuzzes one test per run). A finding fails the run and is saved
# under src/test/resources/<package>/<Class>Inputs/<method>/, where `mvn verify` replays it from then
# on. Called by scripts/test.sh after the tests; run it alone after a build: scripts/fuzz.sh
# FUZZ_ROUNDS=N runs each target N times in a row (20 s each), every round going on from the corpus
# the last one left in <module>/.cifuzz-corpus; the executions of all rounds are added up.
# FUZZ_ONLY=REGEX fuzzes only the targets whose name matches.
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$ROOT"
JAVA_HOME=${JAVA_HOME:-$("$ROOT/scripts/find-jdk.sh")}
export JAVA_HOME

targets=(
  "gateway-auth RadiusParsersFuzzTest#challengeAnswersNeverThrowAndDynamicOnesRoundTrip"
  "gateway-auth RadiusParsersFuzzTest#vendorAttributeBodiesAreParsedTotally"
  "gateway-auth RadiusParsersFuzzTest#msChapV2HandlesAnyUserAndPassword"
  "gateway-auth AuthTokensFuzzTest#onlyIssuedTokensVerify"
  "gateway-core PeerInputFuzzTest#datagramsWithoutTheTlsCryptKeyLeaveNoStateAndAreCounted"
  "gateway-core PeerInputFuzzTest#keyMethod2MessagesParseTotally"
  "gateway-core PeerInputFuzzTest#controlBodiesDecodeTotally"
  "gateway-core PeerInputFuzzTest#peerInfoParsesTotally"
  "gateway-core PeerInputFuzzTest#dataPacketsForALiveSessionAreDroppedAndCounted"
)
rounds=${FUZZ_ROUNDS:-1}
fuzzed=0
mkdir -p target
for t in "${targets[@]}"; do
  module=${t%% *}
  test=${t#* }
  if [[ -n ${FUZZ_ONLY:-} && ! $test =~ $FUZZ_ONLY ]]; then
    continue
  fi
  log="target/fuzz-${test//#/-}.log"
  total=0
  for ((round = 1; round <= rounds; round++)); do
    # -am test-compile: the sibling modules resolve to this build's target/classes, not to ~/.m2,
    # which holds none of them on a fresh machine (surefire:test alone would look there).
    # Jazzer warns that it cannot instrument JDK 25's own classes: ours are instrumented, which is
    # what counts; the full output stays in the log
    if JAZZER_FUZZ=1 mvn -B -ntp -q -o -pl "$module" -am test-compile surefire:test -Dtest="$test" \
        -Dspotless.skip=true -Dsurefire.failIfNoSpecifiedTests=false > "$log" 2>&1; then
      runs=$(grep -a -m1 '^Done ' "$log" | awk '{print $2}')
      total=$((total + ${runs:-0}))
    else
      echo "fuzz.sh: $test FAILED (full output: $log):" >&2
      grep -a -A3 "FuzzTestFinding\|Tests run:.*Fail" "$log" | head -20 >&2
      exit 1
    fi
  done
  echo "fuzz.sh: $test: $total executions in $rounds round(s) of 20 s, no finding" >&2
  fuzzed=$((fuzzed + 1))
done
echo "fuzz.sh: $fuzzed target(s) fuzzed, no finding" >&2
