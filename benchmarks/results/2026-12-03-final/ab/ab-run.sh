#!/usr/bin/env bash
# A/B: HEAD (new) against ed48180 (old), single client UDP AES-256-GCM, 3 runs each, alternating
set -u
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
for round in 1 2; do
  for which in new old; do
    if [ $which = new ]; then JAR=/work/bench/p/gateway-core/target/p2sgate.jar; else JAR=/work/bench/old/gateway-core/target/p2sgate.jar; fi
    GW_CMD="env _JAVA_SR_SIGNUM=40 $J --enable-native-access=ALL-UNNAMED -Xms256m -Xmx512m -jar $JAR serve --openvpn-config \$VPN_STATE/server.conf" \
    CONFIGS="udp:AES-256-GCM" SKIP_SPEED=1 SKIP_BARE=1 SKIP_MULTI=1 SKIP_HS=1 RUNS=3 \
    RESULTS_MD=/work/bench/ab/$which-$round.md RAW_CSV=/work/bench/ab/$which-$round.csv BENCH_STATE=/tmp/p2s-bench-ab \
    FOREIGN_MAX_FORKS=40 LABEL="$which" /work/shared/bench/anchor-openvpn.sh > /work/bench/ab/$which-$round.log 2>&1
    echo "$which $round rc=$?"
  done
done
