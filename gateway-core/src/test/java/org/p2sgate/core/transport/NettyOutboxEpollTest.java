package org.p2sgate.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.tun.testing.ChannelTun;

/** The outbox on a real epoll socket on loopback: GSO sends arrive as the datagrams they hold. */
class NettyOutboxEpollTest {
  @Test
  void gatheredBurstsArriveUnchangedAndInOrder() throws Exception {
    assumeTrue(Epoll.isAvailable() && EpollDatagramChannel.isSegmentedDatagramPacketSupported());
    MultiThreadIoEventLoopGroup group =
        new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    try (DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      client.setReceiveBufferSize(4 << 20);
      client.setSoTimeout(5000);
      Channel ch =
          new Bootstrap()
              .group(group)
              .channel(EpollDatagramChannel.class)
              // the gateway's marks: the default 64 KB high mark would drop most of the burst
              .option(
                  io.netty.channel.ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new io.netty.channel.WriteBufferWaterMark(1 << 20, 4 << 20))
              .handler(new ChannelInboundHandlerAdapter())
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .sync()
              .channel();
      DropCounters drops = new DropCounters();
      NettyOutbox out = new NettyOutbox(new ChannelTun(), drops);
      UdpPeer peer = new UdpPeer((InetSocketAddress) client.getLocalSocketAddress(), ch);
      int n = 150;
      byte[][] sent = new byte[n][];
      ch.eventLoop()
          .submit(
              () -> {
                for (int i = 0; i < n; i++) {
                  int len = i % 50 == 49 ? 700 : 1400; // a shorter one ends each run
                  sent[i] = new byte[len];
                  Arrays.fill(sent[i], (byte) i);
                  sent[i][0] = (byte) (i >> 8);
                  out.toPeer(peer, sent[i], 0, len);
                }
                out.flush();
              })
          .sync();
      byte[] buf = new byte[65_536];
      for (int i = 0; i < n; i++) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        client.receive(p);
        assertArrayEquals(sent[i], Arrays.copyOf(buf, p.getLength()), "datagram " + i);
      }
      assertEquals(0, drops.snapshot().size());
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }
}
