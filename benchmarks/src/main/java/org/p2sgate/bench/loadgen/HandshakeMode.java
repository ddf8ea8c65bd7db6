package org.p2sgate.bench.loadgen;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mode {@code handshakes}: keeps {@code --concurrency} handshakes in flight, each on a new source
 * port and with a free certificate; a session that is up sends EXIT and is closed at once, and its
 * certificate goes back to the free list. Handshakes of the first {@code --warmup} seconds are not
 * counted; then it counts for {@code --seconds} (or until {@code --max-handshakes}). When the
 * counted window starts it writes {@code --ready-file} (if given), so that the caller can sample
 * the server's CPU from there, and it reports its own CPU over that window ({@code client_cpu_s}):
 * the generator shares the machine with the server, so its cost bounds what can be measured.
 */
final class HandshakeMode {
  private HandshakeMode() {}

  static String run(SessionLoop loop, ClientKit kit, Options o, Progress progress)
      throws IOException {
    int concurrency = Math.min(o.concurrency(), kit.certificates());
    ArrayDeque<Integer> freeCerts = new ArrayDeque<>();
    for (int i = 0; i < kit.certificates(); i++) {
      freeCerts.add(i);
    }
    long start = loop.nowMs();
    long measureFrom = start + o.warmupSeconds() * 1000L;
    long end = measureFrom + o.seconds() * 1000L;
    Latencies lat = new Latencies();
    Map<String, Integer> failures = new TreeMap<>();
    int index = 0;
    int done = 0;
    int failed = 0;
    int warm = 0;
    long cpuFrom = -1;
    while (loop.nowMs() < end && done + failed < o.maxHandshakes()) {
      while (loop.sessions().size() < concurrency && !freeCerts.isEmpty()) {
        int cert = freeCerts.poll();
        loop.open(index, cert, kit.config(cert, ConnectMode.seed(index)));
        index++;
      }
      loop.turn(2);
      long now = loop.nowMs();
      if (cpuFrom < 0 && now >= measureFrom) {
        cpuFrom = processCpuNanos();
        if (o.readyFile() != null) {
          java.nio.file.Files.writeString(o.readyFile(), "measuring\n");
        }
      }
      for (UdpSession s : new ArrayList<>(loop.sessions())) {
        if (s.phase() == UdpSession.Phase.CONNECTING
            && now - s.startedMs > o.handshakeTimeoutMs()) {
          s.timedOut();
        }
        if (s.isUp()) {
          s.client.sendExit(now);
          s.flush(now);
          if (s.startedMs >= measureFrom) {
            lat.add(s.handshakeMs());
            done++;
          } else {
            warm++;
          }
        } else if (s.phase() == UdpSession.Phase.FAILED) {
          if (s.startedMs >= measureFrom) {
            failed++;
            failures.merge(s.failure(), 1, Integer::sum);
          }
        } else {
          continue;
        }
        loop.close(s);
        freeCerts.add(s.certIndex);
      }
      double el = Math.max(1, now - measureFrom) / 1000.0;
      progress.show(
          now,
          now < measureFrom
              ? "warm-up: %d handshakes"
              : "handshakes %d (%.1f/s)  failed %d  %.0f/%d s",
          now < measureFrom
              ? new Object[] {warm}
              : new Object[] {done, done / el, failed, el, o.seconds()});
    }
    long measured = Math.max(1, loop.nowMs() - measureFrom);
    double clientCpu = cpuFrom < 0 ? 0 : (processCpuNanos() - cpuFrom) / 1e9;
    progress.done();
    return String.format(
        Locale.ROOT,
        "concurrency=%d seconds=%.1f handshakes=%d failed=%d hs_per_s=%.1f hs_p50_ms=%d"
            + " hs_p95_ms=%d hs_max_ms=%d warmup_handshakes=%d client_cpu_s=%.2f failures=%s",
        concurrency,
        measured / 1000.0,
        done,
        failed,
        done * 1000.0 / measured,
        lat.percentile(50),
        lat.percentile(95),
        lat.percentile(100),
        warm,
        clientCpu,
        failures.toString().replace(' ', '_'));
  }

  /** CPU time of this process (all threads), in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
