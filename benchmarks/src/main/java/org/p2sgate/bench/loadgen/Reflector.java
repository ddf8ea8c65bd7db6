package org.p2sgate.bench.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The private-network end of the load generator's bulk mode, run in {@code vpn-vnet}: a UDP socket
 * on {@link Probe#PORT} that counts SINK and ECHO probes (and sends ECHO back), answers STATS with
 * its counters (and resets them), and serves BURST requests: {@code count} probes of {@code size}
 * bytes (IP packet) to the asker, paced over {@code millis}. One thread; it exits after {@code
 * --seconds} (at most {@link #MAX_SECONDS}); at most {@link #MAX_BURSTS} bursts.
 *
 * <p>{@code java -cp benchmarks.jar org.p2sgate.bench.loadgen.Reflector --seconds 300}
 */
public final class Reflector {
  static final int MAX_SECONDS = 3600;
  static final int MAX_BURSTS = 4096;
  static final int MAX_PER_TURN = 64;

  private record Burst(SocketAddress to, byte[] packet, int count, long startNs, long millis) {}

  private Reflector() {}

  public static void main(String[] args) throws IOException {
    int seconds = 300;
    int port = Probe.PORT;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--seconds" -> seconds = Math.min(MAX_SECONDS, Integer.parseInt(args[i + 1]));
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    try (DatagramChannel ch = DatagramChannel.open();
        Selector sel = Selector.open()) {
      ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
      ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
      ch.bind(new InetSocketAddress(port));
      ch.configureBlocking(false);
      ch.register(sel, SelectionKey.OP_READ);
      System.out.println("reflector listening on UDP " + port + " for " + seconds + " s");
      serve(ch, sel, System.nanoTime() + seconds * 1_000_000_000L);
    }
  }

  private static void serve(DatagramChannel ch, Selector sel, long endNs) throws IOException {
    ByteBuffer rx = ByteBuffer.allocate(64 * 1024);
    List<Burst> bursts = new ArrayList<>();
    List<long[]> burstSent = new ArrayList<>();
    long packets = 0;
    long bytes = 0;
    long burstOut = 0; // burst packets the socket took, since the last STATS
    while (System.nanoTime() < endNs) {
      if (bursts.isEmpty()) {
        sel.select(20);
        sel.selectedKeys().clear();
      }
      for (int i = 0; i < 1024; i++) {
        rx.clear();
        SocketAddress from = ch.receive(rx);
        if (from == null) {
          break;
        }
        rx.flip();
        int len = rx.remaining();
        Probe.Header h = Probe.parse(rx.array(), 0, len);
        if (h == null) {
          continue;
        }
        switch (h.kind()) {
          case Probe.SINK -> {
            packets++;
            bytes += len + Probe.IP_UDP;
          }
          case Probe.ECHO -> {
            packets++;
            bytes += len + Probe.IP_UDP;
            ch.send(ByteBuffer.wrap(rx.array(), 0, len), from);
          }
          case Probe.STATS -> {
            int out = (int) Math.min(Integer.MAX_VALUE, burstOut);
            byte[] p =
                Probe.payload(Probe.HEADER + 8, Probe.STATS, h.session(), packets, out, 0, 0);
            ByteBuffer.wrap(p).putLong(Probe.HEADER, bytes);
            ch.send(ByteBuffer.wrap(p), from);
            packets = 0;
            bytes = 0;
            burstOut = 0;
          }
          case Probe.BURST -> {
            if (bursts.size() < MAX_BURSTS && h.millis() > 0 && h.size() >= Probe.MIN_IP_SIZE) {
              byte[] p =
                  Probe.payload(h.size() - Probe.IP_UDP, Probe.SINK, h.session(), 0, 0, 0, 0);
              bursts.add(new Burst(from, p, h.count(), System.nanoTime(), h.millis()));
              burstSent.add(new long[1]);
            }
          }
          default -> {}
        }
      }
      long now = System.nanoTime();
      for (int b = bursts.size() - 1; b >= 0; b--) {
        Burst u = bursts.get(b);
        long[] sent = burstSent.get(b);
        long elapsedMs = (now - u.startNs()) / 1_000_000;
        long due = Math.min(u.count(), u.count() * Math.min(elapsedMs, u.millis()) / u.millis());
        for (int i = 0; i < MAX_PER_TURN && sent[0] < due; i++) {
          if (ch.send(ByteBuffer.wrap(u.packet()), u.to()) == 0) {
            break; // socket buffer full: try again next turn
          }
          sent[0]++;
          burstOut++;
        }
        if (sent[0] >= u.count() || elapsedMs > u.millis() + 1_000) {
          bursts.remove(b);
          burstSent.remove(b);
        }
      }
      if (!bursts.isEmpty()) {
        LockSupport.parkNanos(100_000);
      }
    }
  }
}
