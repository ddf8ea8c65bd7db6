package org.p2sgate.bench.loadgen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import org.p2sgate.core.testing.TestOpenVpnClient;

/**
 * One client session on its own connected UDP socket (so its own source port): the pure {@link
 * TestOpenVpnClient} plus what the load generator counts about it. Single-threaded: only the {@link
 * SessionLoop} thread touches it.
 */
final class UdpSession {
  /** Where a session is in its life. */
  enum Phase {
    CONNECTING,
    UP,
    FAILED,
    CLOSED
  }

  final int index;
  final int certIndex;
  final DatagramChannel channel;
  final TestOpenVpnClient client;
  final long startedMs;
  private Phase phase = Phase.CONNECTING;
  private long upMs;
  private int tunnelIp;
  private String failure;

  long datagramsOut;
  long datagramsIn;
  long sendDrops;
  long probesIn;
  long probeBytesIn;
  long pingsSeen;
  Probe.Header lastStats;

  UdpSession(
      int index, int certIndex, DatagramChannel channel, TestOpenVpnClient client, long nowMs) {
    this.index = index;
    this.certIndex = certIndex;
    this.channel = channel;
    this.client = client;
    this.startedMs = nowMs;
  }

  /** A datagram from the server. */
  void onDatagram(byte[] datagram, long nowMs) {
    datagramsIn++;
    client.onPacket(datagram, nowMs);
    if (phase == Phase.CONNECTING && client.isConnected()) {
      phase = Phase.UP;
      upMs = nowMs;
      tunnelIp = pushedAddress(client.pushOptions());
    }
    if (phase == Phase.CONNECTING && (client.failure() != null || client.authFailed() != null)) {
      fail(client.failure() != null ? client.failure() : client.authFailed());
    }
    for (byte[] ip : client.takeReceivedIp()) {
      Probe.Header h = Probe.parseIp(ip);
      if (h == null) {
        continue;
      }
      if (h.kind() == Probe.STATS) {
        lastStats = h;
      } else {
        probesIn++;
        probeBytesIn += ip.length;
      }
    }
  }

  /** Runs the client's timers and sends what it has (a full socket buffer is a counted drop). */
  void flush(long nowMs) {
    if (phase == Phase.CLOSED || phase == Phase.FAILED) {
      return;
    }
    List<byte[]> out = client.poll(nowMs);
    for (byte[] p : out) {
      try {
        if (channel.write(ByteBuffer.wrap(p)) == 0) {
          sendDrops++;
        } else {
          datagramsOut++;
        }
      } catch (IOException e) {
        sendDrops++; // ECONNREFUSED and friends: the server is gone; the deadline ends it
      }
    }
  }

  void fail(String why) {
    if (phase == Phase.CONNECTING) {
      phase = Phase.FAILED;
      failure = why;
    }
  }

  /** Why a handshake did not finish in time, with where the client stood. */
  void timedOut() {
    fail(
        "handshake timeout: "
            + (client.pushReply() != null ? "pushed" : "no push")
            + (client.serverOptions() != null ? ", server key-method-2 in" : ", no key-method-2")
            + (client.tlsVersion() != null ? ", TLS done" : ", TLS not done")
            + (datagramsIn == 0 ? ", nothing received" : ""));
  }

  void closed() {
    phase = Phase.CLOSED;
  }

  Phase phase() {
    return phase;
  }

  boolean isUp() {
    return phase == Phase.UP;
  }

  /** Milliseconds from the hard reset to the tunnel being up. */
  long handshakeMs() {
    return upMs - startedMs;
  }

  int tunnelIp() {
    return tunnelIp;
  }

  String failure() {
    return failure;
  }

  /** The address of the pushed {@code ifconfig ADDR MASK} (topology subnet), or 0. */
  static int pushedAddress(List<String> options) {
    for (String o : options) {
      String[] w = o.trim().split(" ");
      if (w.length >= 2 && w[0].equals("ifconfig")) {
        return Probe.ipv4(w[1]);
      }
    }
    return 0;
  }
}
