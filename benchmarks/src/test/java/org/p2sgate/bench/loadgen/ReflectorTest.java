package org.p2sgate.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/** The reflector on loopback: a burst's packets, and its STATS answer counting what it sent. */
class ReflectorTest {
  @Test
  void statsCountTheBurstPacketsTheReflectorSentAndResetThem() throws Exception {
    int port;
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(new InetSocketAddress("127.0.0.1", 0));
      port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
    }
    int reflectorPort = port;
    Thread reflector =
        new Thread(
            () -> {
              try {
                Reflector.main(new String[] {"--seconds", "10", "--port", "" + reflectorPort});
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            },
            "reflector");
    reflector.setDaemon(true);
    reflector.start();
    InetSocketAddress to = new InetSocketAddress("127.0.0.1", reflectorPort);
    try (DatagramChannel client = DatagramChannel.open()) {
      client.bind(new InetSocketAddress("127.0.0.1", 0));
      client.socket().setSoTimeout(2_000);
      Probe.Header first = stats(client, to); // also resets what came before
      assertNotNull(first, "the reflector answers STATS");
      client.send(
          ByteBuffer.wrap(Probe.payload(Probe.HEADER + 8, Probe.BURST, 1, 0, 50, 200, 100)), to);
      int got = 0;
      byte[] buf = new byte[2048];
      while (got < 50) {
        java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
        client.socket().receive(p);
        Probe.Header h = Probe.parse(p.getData(), 0, p.getLength());
        if (h != null && h.kind() == Probe.SINK) {
          assertEquals(200 - Probe.IP_UDP, p.getLength(), "the burst's packets have its size");
          got++;
        }
      }
      Probe.Header after = stats(client, to);
      assertNotNull(after);
      assertEquals(50, after.count(), "STATS counts the burst packets sent");
      assertEquals(0, after.seq(), "nothing was sent to the reflector but STATS");
      assertEquals(0, stats(client, to).count(), "and resets the count");
    }
  }

  private static Probe.Header stats(DatagramChannel client, InetSocketAddress to)
      throws java.io.IOException {
    for (int attempt = 0; attempt < 10; attempt++) {
      client.send(ByteBuffer.wrap(Probe.payload(Probe.HEADER + 8, Probe.STATS, 1, 0, 0, 0, 0)), to);
      byte[] buf = new byte[2048];
      try {
        while (true) {
          java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
          client.socket().setSoTimeout(300);
          client.socket().receive(p);
          Probe.Header h = Probe.parse(p.getData(), 0, p.getLength());
          if (h != null && h.kind() == Probe.STATS) {
            return h;
          }
        }
      } catch (SocketTimeoutException e) {
        // the reflector may not be bound yet: ask again
      }
    }
    return null;
  }
}
