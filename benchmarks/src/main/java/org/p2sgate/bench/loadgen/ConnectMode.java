package org.p2sgate.bench.loadgen;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mode {@code connect}: brings up {@code --sessions} sessions, at most {@code --concurrency}
 * handshakes in flight, each with its own certificate and source port; then holds them for {@code
 * --seconds} with keepalive pings both ways; then sends EXIT on each.
 */
final class ConnectMode {
  private ConnectMode() {}

  /** What a ramp-up achieved. */
  record Ramp(
      int up, int failed, long allUpMs, Latencies handshakes, Map<String, Integer> failures) {}

  /**
   * Opens {@code n} sessions (certificate i for session i) with at most {@code concurrency}
   * handshakes in flight, until all are up or failed, or the time budget is spent.
   */
  static Ramp rampUp(SessionLoop loop, ClientKit kit, Options o, Progress progress)
      throws IOException {
    int n = o.sessions();
    if (n > kit.certificates()) {
      throw new IllegalArgumentException(
          n
              + " sessions need as many client certificates; "
              + o.pki()
              + " has "
              + kit.certificates()
              + " (pki.sh DIR "
              + n
              + ")");
    }
    Latencies lat = new Latencies();
    Map<String, Integer> failures = new TreeMap<>();
    long start = loop.nowMs();
    long budgetEnd = start + (long) o.handshakeTimeoutMs() * (1 + n / o.concurrency()) + 5_000;
    int opened = 0;
    int inFlight = 0;
    int up = 0;
    int failed = 0;
    while (up + failed < n && loop.nowMs() < budgetEnd) {
      while (opened < n && inFlight < o.concurrency()) {
        loop.open(opened, opened, kit.config(opened, seed(opened)));
        opened++;
        inFlight++;
      }
      loop.turn(5);
      long now = loop.nowMs();
      for (UdpSession s : loop.sessions()) {
        if (s.phase() == UdpSession.Phase.CONNECTING
            && now - s.startedMs > o.handshakeTimeoutMs()) {
          s.timedOut();
        }
      }
      up = 0;
      failed = 0;
      for (UdpSession s : loop.sessions()) {
        switch (s.phase()) {
          case UP -> up++;
          case FAILED -> failed++;
          default -> {}
        }
      }
      inFlight = opened - up - failed;
      progress.show(
          now,
          "up %d/%d  in flight %d  failed %d  %.1f s",
          up,
          n,
          inFlight,
          failed,
          (now - start) / 1000.0);
    }
    for (UdpSession s : loop.sessions()) {
      if (s.isUp()) {
        lat.add(s.handshakeMs());
      } else if (s.phase() == UdpSession.Phase.FAILED) {
        failures.merge(s.failure(), 1, Integer::sum);
      }
    }
    return new Ramp(up, failed, loop.nowMs() - start, lat, failures);
  }

  /** A distinct seed per session and run. */
  static long seed(int index) {
    return System.nanoTime() * 31 + index;
  }

  static String run(SessionLoop loop, ClientKit kit, Options o, Progress progress)
      throws IOException {
    Ramp r = rampUp(loop, kit, o, progress);
    progress.done();
    if (o.readyFile() != null) {
      java.nio.file.Files.writeString(o.readyFile(), "up=" + r.up() + "\n");
    }
    long holdStart = loop.nowMs();
    long holdEnd = holdStart + o.seconds() * 1000L;
    long pingsAtStart = pingsIn(loop);
    java.util.List<UdpSession> held = java.util.List.copyOf(loop.sessions());
    int[] pingsBefore = new int[held.size()];
    for (int i = 0; i < held.size(); i++) {
      pingsBefore[i] = held.get(i).client.pingsReceived();
    }
    while (loop.nowMs() < holdEnd) {
      loop.turn(50);
      long now = loop.nowMs();
      progress.show(
          now,
          "holding %d sessions  pings in %d  %.0f/%d s",
          r.up(),
          pingsIn(loop) - pingsAtStart,
          (now - holdStart) / 1000.0,
          o.seconds());
    }
    progress.done();
    int pinged = 0; // sessions the server still kept alive: a ping from it during the hold
    for (int i = 0; i < held.size(); i++) {
      if (held.get(i).isUp() && held.get(i).client.pingsReceived() > pingsBefore[i]) {
        pinged++;
      }
    }
    long pings = pingsIn(loop) - pingsAtStart;
    sayGoodbye(loop);
    return String.format(
        java.util.Locale.ROOT,
        "sessions=%d up=%d failed=%d all_up_s=%.3f hs_p50_ms=%d hs_p95_ms=%d hs_max_ms=%d"
            + " hold_s=%d pings_in=%d sessions_pinged=%d failures=%s",
        o.sessions(),
        r.up(),
        r.failed(),
        r.allUpMs() / 1000.0,
        r.handshakes().percentile(50),
        r.handshakes().percentile(95),
        r.handshakes().percentile(100),
        o.seconds(),
        pings,
        pinged,
        r.failures().toString().replace(' ', '_'));
  }

  static long pingsIn(SessionLoop loop) {
    long n = 0;
    for (UdpSession s : loop.sessions()) {
      n += s.client.pingsReceived();
    }
    return n;
  }

  /**
   * EXIT on every live session, then a short drain so the server sees them. A session whose key
   * exchange the server abandoned (no TLS session left to carry the EXIT) is skipped and counted on
   * standard error; {@code sessions_pinged} already tells how many the server kept.
   */
  static void sayGoodbye(SessionLoop loop) throws IOException {
    long now = loop.nowMs();
    int skipped = 0;
    for (UdpSession s : loop.sessions()) {
      if (s.isUp()) {
        try {
          s.client.sendExit(now);
        } catch (IllegalStateException noTlsSession) {
          skipped++;
        }
      }
    }
    if (skipped > 0) {
      System.err.printf("loadgen: %d session(s) had no TLS session left to say EXIT on%n", skipped);
    }
    long end = now + 300;
    while (loop.nowMs() < end) {
      loop.turn(20);
    }
  }
}
