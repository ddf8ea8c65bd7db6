package org.p2sgate.core.server;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.pki.ThrowawayPki;
import org.p2sgate.core.session.GatewayContext;
import org.p2sgate.core.session.SessionManager;
import org.p2sgate.core.tls.PeerVerifier;
import org.p2sgate.core.transport.NettyOutbox;
import org.p2sgate.tun.DiscardingTun;

/**
 * The session starts of {@link SessionWarmup} again, through real sockets on loopback: a datagram
 * socket of Netty's, bound as the gateway binds its own ({@link UdpReceive#bootstrap}), in front of
 * a throwaway {@link Shard} wired as the gateway's are (its {@link UdpHandler}, {@link NettyOutbox}
 * and TLS workers), and plain sockets on 127.0.0.1-3 as the clients. The first real client
 * otherwise meets Netty's datagram read and batched write, and the handler, for the first time: its
 * reset waited 29 ms for an answer that later clients get in 1.5 ms (BENCHMARKS.md, "the first UDP
 * connection after a start").
 *
 * <p>It runs on an event loop of its own, on the warm-up's thread (so that its sessions stay out of
 * the log), with TLS on the gateway's workers when it has them, and shares nothing else with the
 * gateway: its own table, pool, counters and wrap, the warm-up's throwaway client CA. Loopback that
 * cannot be bound or carries nothing (no {@code lo} in a namespace) ends it at once. Sources are
 * within the cookie guard's limits (16 starts per address).
 */
final class SocketWarmup {
  /** Client addresses (127.0.0.1 to 127.0.0.N) and session starts from each. */
  static final int SOURCES = 3;

  static final int PER_SOURCE = 16;

  /** How long one answer may take before the warm-up gives up. */
  static final int ANSWER_MS = 1_000;

  private SocketWarmup() {}

  /**
   * Runs the session starts, until {@code end} (System.nanoTime).
   *
   * @return how many got the server's TLS flight back through the sockets (it stops at the first
   *     that gets no answer); -1 when none did: loopback could not be bound or carried nothing
   */
  static int run(
      GatewayContext real,
      ThrowawayPki pki,
      PeerVerifier verifier,
      java.util.concurrent.Executor tlsWorkers,
      Clock clock,
      long end)
      throws IOException, InterruptedException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    java.util.concurrent.ThreadFactory named =
        r -> {
          Thread t = new Thread(r, Warmup.THREAD);
          t.setDaemon(true);
          return t;
        };
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, named, io);
    DropCounters drops = new DropCounters();
    GatewayContext warm = SessionWarmup.throwaway(real, verifier);
    // a shard of its own, wired as the gateway wires its shards: TLS results back on its loop
    Shard shard =
        new Shard(
            0,
            group.next(),
            new SessionManager(warm, clock.millis()),
            new NettyOutbox(new DiscardingTun("warm-up", 1500), drops), // never reaches data
            warm.wrap(),
            clock);
    shard.completeOnLoop(tlsWorkers);
    int max = UdpReceive.maxDatagram(real.config().tunMtu());
    UdpHandler handler = UdpHandler.forShard(shard, drops, max);
    SessionWarmup.ClientStart client = new SessionWarmup.ClientStart(real.config(), pki);
    Channel server = null;
    try {
      try {
        server =
            UdpReceive.bootstrap(
                    shard.loop,
                    epoll,
                    GatewayServer.WATER_MARK,
                    handler,
                    max,
                    real.config().buffers())
                .bind(new InetSocketAddress(address(1), 0))
                .sync()
                .channel();
      } catch (Exception e) { // Netty rethrows the bind's IOException undeclared
        return -1;
      }
      InetSocketAddress to = (InetSocketAddress) server.localAddress();
      int answered = 0;
      for (int i = 0; i < SOURCES * PER_SOURCE && System.nanoTime() < end; i++) {
        InetSocketAddress from = new InetSocketAddress(address(1 + i % SOURCES), 0);
        // a socket per session: the flight's later packets are not read, and go with it
        try (DatagramSocket s = new DatagramSocket(from)) {
          s.setSoTimeout(ANSWER_MS);
          byte[] answer = exchange(s, to, client.reset(i, clock.millis()));
          byte[] hello = answer == null ? null : client.hello(i, answer, clock.millis());
          if (hello == null || exchange(s, to, hello) == null) {
            break; // no answer in a second: loopback does not carry it, do not wait on
          }
          answered++;
        } catch (java.net.SocketException e) {
          break; // that loopback address cannot be bound here
        }
      }
      return answered == 0 ? -1 : answered;
    } finally {
      long now = clock.millis();
      shard
          .loop
          .submit(
              () -> {
                shard.table.shutdown(now, shard.outbox);
                shard.outbox.flush();
              })
          .await(1, TimeUnit.SECONDS);
      if (server != null) {
        server.close().await(1, TimeUnit.SECONDS);
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(2, TimeUnit.SECONDS);
      client.destroy();
    }
  }

  /** 127.0.0.{@code n}: loopback in IPv4, whatever the JVM prefers. */
  private static InetAddress address(int n) throws java.net.UnknownHostException {
    return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) n});
  }

  /** Sends {@code wire} and returns the first datagram back, or {@code null} after a second. */
  private static byte[] exchange(DatagramSocket s, InetSocketAddress to, byte[] wire)
      throws IOException {
    s.send(new DatagramPacket(wire, wire.length, to));
    byte[] buf = new byte[4096];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      s.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return java.util.Arrays.copyOf(buf, p.getLength());
  }
}
