package org.p2sgate.bench.loadgen;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mode {@code bulk}: brings up {@code --sessions} sessions, then moves UDP probes of {@code --size}
 * bytes (the inner IP packet) through them for {@code --seconds}, at {@code --pps} offered packets
 * per second in all, spread round-robin over the sessions.
 *
 * <ul>
 *   <li>{@code fwd}: client to the reflector in the private network; delivered = what the reflector
 *       counted (asked for with a STATS probe before and after).
 *   <li>{@code rev}: each session asks the reflector for a paced burst; delivered = what the
 *       clients opened; sent = what the reflector's socket took (from its STATS after the phase),
 *       so that packets a reflector short of CPU never sent are not counted as lost.
 *   <li>{@code echo}: the reflector sends each probe back; both counts.
 * </ul>
 */
final class BulkMode {
  /** Most packets one turn may queue, so that reading keeps up. */
  static final int MAX_PER_TURN = 256;

  /** Time after the phase for packets still in flight. */
  static final long DRAIN_MS = 1_000;

  private BulkMode() {}

  static String run(SessionLoop loop, ClientKit kit, Options o, Progress progress)
      throws IOException {
    ConnectMode.Ramp r = ConnectMode.rampUp(loop, kit, o, progress);
    progress.done();
    List<UdpSession> up = new ArrayList<>();
    for (UdpSession s : loop.sessions()) {
      if (s.isUp() && s.tunnelIp() != 0) {
        up.add(s);
      }
    }
    if (up.isEmpty()) {
      return String.format("sessions=%d up=0 failures=%s", o.sessions(), r.failures());
    }
    int target = Probe.ipv4(o.target());
    UdpSession control = up.get(0);
    Probe.Header before = stats(loop, control, target); // resets the reflector's counters
    if (before == null) {
      return String.format(
          "sessions=%d up=%d error=reflector_not_answering", o.sessions(), up.size());
    }
    int payloadLen = o.size() - Probe.IP_UDP;
    byte kind = o.dir().equals("echo") ? Probe.ECHO : Probe.SINK;
    List<byte[]> packets = new ArrayList<>();
    for (UdpSession s : up) {
      packets.add(
          Probe.ipv4Udp(
              s.tunnelIp(),
              40000 + s.index,
              target,
              Probe.PORT,
              Probe.payload(payloadLen, kind, s.index, 0, 0, 0, 0)));
    }
    long inBefore = probesIn(up);
    long start = loop.nowMs();
    long end = start + o.seconds() * 1000L;
    long sent = 0;
    if (o.dir().equals("rev")) {
      int perSession = (int) Math.min(Integer.MAX_VALUE, (long) o.pps() * o.seconds() / up.size());
      for (UdpSession s : up) {
        byte[] req =
            Probe.payload(
                Probe.HEADER + 8,
                Probe.BURST,
                s.index,
                0,
                perSession,
                o.size(),
                o.seconds() * 1000);
        s.client.sendIp(
            Probe.ipv4Udp(s.tunnelIp(), 40000 + s.index, target, Probe.PORT, req), start);
      }
      sent = (long) perSession * up.size();
    }
    int rr = 0;
    while (loop.nowMs() < end) {
      long now = loop.nowMs();
      if (!o.dir().equals("rev")) {
        long due = Math.min(MAX_PER_TURN, (now - start) * o.pps() / 1000 - sent);
        for (long i = 0; i < due; i++) {
          UdpSession s = up.get(rr);
          s.client.sendIp(packets.get(rr), now);
          rr = (rr + 1) % up.size();
          sent++;
        }
      }
      loop.turn(1); // at most 1 ms idle: the generator must not spin on the 2 cores it shares
      progress.show(
          now,
          "%s %d B  sent %d  received %d  %.1f/%d s",
          o.dir(),
          o.size(),
          o.dir().equals("rev") ? 0 : sent,
          probesIn(up) - inBefore,
          (now - start) / 1000.0,
          o.seconds());
    }
    long drainEnd = loop.nowMs() + DRAIN_MS;
    while (loop.nowMs() < drainEnd) {
      loop.turn(10);
    }
    progress.done();
    long received = probesIn(up) - inBefore;
    Probe.Header after = stats(loop, control, target);
    long reflected = after == null ? 0 : after.seq(); // STATS probes are not counted
    if (o.dir().equals("rev") && after != null) {
      sent = Math.min(sent, after.count()); // the bursts the reflector could send in time
    }
    long unsent = Math.max(0, (long) o.pps() * o.seconds() - sent);
    long sendDrops = 0;
    for (UdpSession s : up) {
      sendDrops += s.sendDrops;
    }
    double secs = o.seconds();
    long fwdDelivered = o.dir().equals("rev") ? 0 : Math.max(0, reflected);
    long revDelivered = o.dir().equals("fwd") ? 0 : received;
    return String.format(
        Locale.ROOT,
        "sessions=%d up=%d dir=%s size=%d seconds=%d offered_pps=%d sent=%d"
            + " unsent=%d fwd_pps=%.0f fwd_mbps=%.1f rev_pps=%.0f rev_mbps=%.1f loss_pct=%.2f"
            + " local_send_drops=%d",
        o.sessions(),
        up.size(),
        o.dir(),
        o.size(),
        o.seconds(),
        o.pps(),
        sent,
        unsent,
        fwdDelivered / secs,
        fwdDelivered * o.size() * 8 / secs / 1e6,
        revDelivered / secs,
        revDelivered * o.size() * 8 / secs / 1e6,
        sent == 0
            ? 0.0
            : 100.0 * (1 - (double) (o.dir().equals("rev") ? revDelivered : fwdDelivered) / sent),
        sendDrops);
  }

  static long probesIn(List<UdpSession> up) {
    long n = 0;
    for (UdpSession s : up) {
      n += s.probesIn;
    }
    return n;
  }

  /** Asks the reflector for its counters (and resets them); up to 3 tries of 1 s. */
  static Probe.Header stats(SessionLoop loop, UdpSession s, int target) throws IOException {
    for (int attempt = 0; attempt < 3; attempt++) {
      s.lastStats = null;
      long now = loop.nowMs();
      byte[] req = Probe.payload(Probe.HEADER + 8, Probe.STATS, s.index, 0, 0, 0, 0);
      s.client.sendIp(Probe.ipv4Udp(s.tunnelIp(), 40000 + s.index, target, Probe.PORT, req), now);
      long until = now + 1_000;
      while (s.lastStats == null && loop.nowMs() < until) {
        loop.turn(10);
      }
      if (s.lastStats != null) {
        return s.lastStats;
      }
    }
    return null;
  }
}
