package org.p2sgate.core.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.Channel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.transport.UdpPeer;

/**
 * The gateway's UDP receive options on a real epoll socket on loopback: many datagrams per read
 * (recvmmsg), each delivered unchanged, and a datagram longer than the largest accepted one dropped
 * and counted, not cut and delivered.
 */
class UdpReceiveEpollTest {
  private static final int MAX = UdpReceive.maxDatagram(1500);

  private MultiThreadIoEventLoopGroup group;
  private Channel server;
  private final DropCounters drops = new DropCounters();
  private final BlockingQueue<byte[]> got = new LinkedBlockingQueue<>();
  private final List<Integer> batches = new ArrayList<>();
  private int inBatch;

  @BeforeEach
  void bind() throws Exception {
    assumeTrue(Epoll.isAvailable(), "epoll");
    group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    UdpHandler handler =
        new UdpHandler(
            MAX,
            drops,
            new UdpHandler.Sink() {
              @Override
              public void datagram(UdpPeer from, byte[] buf, int len) {
                got.add(Arrays.copyOf(buf, len)); // the buffer is reused after the batch
                inBatch++;
              }

              @Override
              public void batchEnd() {
                if (inBatch > 0) {
                  batches.add(inBatch);
                }
                inBatch = 0;
              }
            });
    server =
        UdpReceive.bootstrap(
                group,
                true,
                GatewayServer.WATER_MARK,
                handler,
                MAX,
                org.p2sgate.core.config.KernelBuffers.DEFAULTS)
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .sync()
            .channel();
  }

  @AfterEach
  void close() {
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  private static byte[] datagram(int i, int len) {
    byte[] b = new byte[len];
    for (int k = 0; k < len; k++) {
      b[k] = (byte) (i * 31 + k);
    }
    return b;
  }

  @Test
  void manyDatagramsPerReadAllUnchanged() throws Exception {
    server.config().setAutoRead(false);
    server.eventLoop().submit(() -> {}).sync(); // autoRead off takes effect on the loop
    int n = 200;
    List<byte[]> sent = new ArrayList<>();
    try (DatagramSocket c = new DatagramSocket()) {
      for (int i = 0; i < n; i++) {
        byte[] b = datagram(i, 1 + (i * 97) % MAX);
        if (i == 3) {
          b = datagram(i, MAX); // the largest accepted
        }
        sent.add(b);
        c.send(new DatagramPacket(b, b.length, server.localAddress()));
      }
    }
    server.config().setAutoRead(true); // everything is queued in the socket: reads come in batches
    for (int i = 0; i < n; i++) {
      byte[] b = got.poll(5, TimeUnit.SECONDS);
      assertArrayEquals(sent.get(i), b, "datagram " + i);
    }
    List<Integer> seen = server.eventLoop().submit(() -> List.copyOf(batches)).get();
    assertTrue(seen.stream().anyMatch(k -> k > 1), "recvmmsg read several at once: " + seen);
    assertTrue(seen.stream().allMatch(k -> k <= UdpReceive.BATCH), "batches: " + seen);
    assertEquals(0, drops.snapshot().size());
  }

  @Test
  void anOversizedDatagramIsDroppedAndCountedNotTruncated() throws Exception {
    try (DatagramSocket c = new DatagramSocket()) {
      for (int len : new int[] {MAX + 1, MAX + 100, 9000, 60_000}) {
        c.send(new DatagramPacket(datagram(len, len), len, server.localAddress()));
      }
      byte[] ok = datagram(1, 100);
      c.send(new DatagramPacket(ok, ok.length, server.localAddress()));
      assertArrayEquals(ok, got.poll(5, TimeUnit.SECONDS));
    }
    assertEquals(0, got.size());
    assertEquals(4, drops.get(DropReason.OVERSIZED_DATAGRAM));
  }
}
