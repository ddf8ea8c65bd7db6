package org.p2sgate.bench.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.p2sgate.core.testing.TestClientConfig;
import org.p2sgate.core.testing.TestOpenVpnClient;

/**
 * The I/O edge of the load generator, on one thread: a selector over one connected {@link
 * DatagramChannel} per session (each bound to its own ephemeral source port). A {@link #turn} reads
 * what arrived (at most {@link #MAX_READS_PER_KEY} datagrams per socket), feeds it to the clients
 * with the time, then runs every client's timers and sends its output.
 */
final class SessionLoop implements AutoCloseable {
  static final int MAX_READS_PER_KEY = 64;

  private final Selector selector;
  private final InetSocketAddress server;
  private final List<UdpSession> sessions = new ArrayList<>();
  private final ByteBuffer rx = ByteBuffer.allocateDirect(64 * 1024);
  private final long originNs = System.nanoTime();

  /**
   * Wall-clock milliseconds at {@link #originNs}: the clients' clock is wall time advanced by the
   * monotonic clock, as tls-crypt and tls-auth send {@code now / 1000} as their replay time.
   */
  private final long originWallMs = System.currentTimeMillis();

  private final SourceAddresses sources;

  SessionLoop(InetSocketAddress server, SourceAddresses sources) throws IOException {
    this.selector = Selector.open();
    this.server = server;
    this.sources = sources;
  }

  /** The clients' clock in milliseconds: monotonic, starting from the wall clock. */
  long nowMs() {
    return originWallMs + (System.nanoTime() - originNs) / 1_000_000;
  }

  /** Opens a socket on a new source port (and address) and starts a client's handshake on it. */
  UdpSession open(int index, int certIndex, TestClientConfig cfg) throws IOException {
    DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
      ch.bind(sources.forSession(index));
      ch.connect(server);
      ch.configureBlocking(false);
      long now = nowMs();
      UdpSession s =
          new UdpSession(index, certIndex, ch, new TestOpenVpnClient(cfg, now).start(now), now);
      ch.register(selector, SelectionKey.OP_READ, s);
      sessions.add(s);
      s.flush(now);
      return s;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** Closes a session's socket and forgets it. */
  void close(UdpSession s) {
    SelectionKey k = s.channel.keyFor(selector);
    if (k != null) {
      k.cancel();
    }
    try {
      s.channel.close();
    } catch (IOException ignored) {
      // closing a UDP socket; nothing to do
    }
    s.closed();
    sessions.remove(s);
  }

  /** The open sessions, in opening order (a live view: do not change it while iterating). */
  List<UdpSession> sessions() {
    return sessions;
  }

  /** One turn: waits up to {@code waitMs} for datagrams, feeds them, then flushes every client. */
  void turn(long waitMs) throws IOException {
    int ready = waitMs <= 0 ? selector.selectNow() : selector.select(waitMs);
    long now = nowMs();
    if (ready > 0) {
      Iterator<SelectionKey> it = selector.selectedKeys().iterator();
      while (it.hasNext()) {
        SelectionKey k = it.next();
        it.remove();
        if (!k.isValid()) {
          continue;
        }
        UdpSession s = (UdpSession) k.attachment();
        for (int i = 0; i < MAX_READS_PER_KEY; i++) {
          rx.clear();
          int n;
          try {
            n = s.channel.read(rx);
          } catch (IOException e) {
            break; // ICMP port unreachable from a stopped server
          }
          if (n <= 0) {
            break;
          }
          rx.flip();
          byte[] d = new byte[n];
          rx.get(d);
          s.onDatagram(d, now);
        }
      }
    }
    flushAll(now);
  }

  /** Runs every client's timers and sends what it has. */
  void flushAll(long now) {
    for (UdpSession s : sessions) {
      s.flush(now);
    }
  }

  @Override
  public void close() throws IOException {
    for (UdpSession s : new ArrayList<>(sessions)) {
      close(s);
    }
    selector.close();
  }
}
