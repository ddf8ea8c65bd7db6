package org.p2sgate.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.tun.testing.ChannelTun;

/** What leaves the outbox for a sequence of calls, with GSO on, no sockets (EmbeddedChannel). */
class NettyOutboxTest {
  private final EmbeddedChannel ch = new EmbeddedChannel();
  private final ChannelTun tun = new ChannelTun();
  private final DropCounters drops = new DropCounters();
  private final NettyOutbox out = new NettyOutbox(tun, drops, c -> true);
  private final UdpPeer a = new UdpPeer(new InetSocketAddress("198.18.0.2", 1000), ch);
  private final UdpPeer b = new UdpPeer(new InetSocketAddress("198.18.0.3", 1000), ch);

  /** Packet {@code tag} of {@code len} bytes, every byte {@code tag}, at offset 7 of a buffer. */
  private void send(UdpPeer to, int tag, int len) {
    byte[] buf = new byte[len + 10];
    java.util.Arrays.fill(buf, 7, 7 + len, (byte) tag);
    out.toPeer(to, buf, 7, len);
  }

  /** Each outbound message as "to:segment:tags", its bytes checked against the tags. */
  private List<String> sent() {
    List<String> got = new ArrayList<>();
    Object m;
    while ((m = ch.readOutbound()) != null) {
      DatagramPacket p = assertInstanceOf(DatagramPacket.class, m);
      byte[] bytes = ByteBufUtil.getBytes(p.content());
      int seg = p instanceof SegmentedDatagramPacket s ? s.segmentSize() : bytes.length;
      StringBuilder tags = new StringBuilder();
      for (int at = 0; at < bytes.length; at += seg) {
        tags.append(tags.isEmpty() ? "" : ",").append(bytes[at]);
      }
      String to = p.recipient().getAddress().getHostAddress().endsWith(".2") ? "a" : "b";
      got.add(to + ":" + (p instanceof SegmentedDatagramPacket ? seg : "-") + ":" + tags);
      p.release();
    }
    return got;
  }

  @Test
  void nothingLeavesBeforeFlush() {
    send(a, 1, 100);
    assertNull(ch.readOutbound());
    out.flush();
    assertEquals(List.of("a:-:1"), sent());
  }

  @Test
  void aBurstOfEqualSizePacketsIsOneGsoSendAndOrderPerPeerIsKept() {
    send(a, 1, 80); // a control packet first
    for (int i = 2; i <= 5; i++) {
      send(a, i, 1400);
    }
    send(b, 20, 1400);
    send(a, 6, 600); // shorter: the last segment
    send(a, 7, 1400);
    send(b, 21, 1400);
    out.flush();
    assertEquals(List.of("a:-:1", "a:1400:2,3,4,5,6", "a:-:7", "b:1400:20,21"), sent());
  }

  @Test
  void groupsAreCutAt64Segments() {
    for (int i = 0; i < 70; i++) {
      send(a, i, 500);
    }
    out.flush();
    StringBuilder first = new StringBuilder("a:500:0");
    for (int i = 1; i < 64; i++) {
      first.append(',').append(i);
    }
    assertEquals(List.of(first.toString(), "a:500:64,65,66,67,68,69"), sent());
  }

  @Test
  void aRefusedGsoSendGoesAgainOneByOneAndThatSizeIsNotSegmentedAgain() {
    ch.pipeline()
        .addFirst(
            new io.netty.channel.ChannelOutboundHandlerAdapter() {
              @Override
              public void write(
                  io.netty.channel.ChannelHandlerContext ctx,
                  Object msg,
                  io.netty.channel.ChannelPromise promise) {
                if (msg instanceof SegmentedDatagramPacket p && p.segmentSize() >= 1400) {
                  p.release();
                  promise.setFailure(new java.io.IOException("sendmmsg: Invalid argument"));
                } else {
                  ctx.write(msg, promise);
                }
              }
            });
    for (int i = 1; i <= 3; i++) {
      send(a, i, 1400);
    }
    out.flush();
    assertEquals(List.of("a:-:1", "a:-:2", "a:-:3"), sent());
    for (int i = 4; i <= 5; i++) {
      send(a, i, 1400);
    }
    send(a, 6, 500);
    send(a, 7, 500);
    out.flush();
    assertEquals(List.of("a:-:4", "a:-:5", "a:500:6,7"), sent());
  }

  @Test
  void withoutGsoEveryPacketIsADatagramInOrder() {
    NettyOutbox plain = new NettyOutbox(tun, drops, c -> false);
    for (int i = 1; i <= 3; i++) {
      byte[] buf = new byte[1400];
      java.util.Arrays.fill(buf, (byte) i);
      plain.toPeer(a, buf, 0, buf.length);
    }
    plain.flush();
    assertEquals(List.of("a:-:1", "a:-:2", "a:-:3"), sent());
  }

  @Test
  void anUnwritableChannelDropsAndCounts() {
    ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(1, 2));
    ch.write(io.netty.buffer.Unpooled.wrappedBuffer(new byte[100])); // queued, not flushed
    send(a, 1, 100);
    out.flush();
    assertEquals(1, drops.get(DropReason.TRANSPORT_BACKPRESSURE));
  }

  @Test
  void tunPacketsWaitForFlushAndKeepTheirOrder() {
    byte[] one = {9, 9, 0x45, 1, 2};
    byte[] two = {9, 9, 0x45, 3};
    byte[] three = {0x45, 4};
    out.toTun(one, 2, 3);
    out.toTun(two, 2, 2);
    assertEquals(0, tun.written().size());
    out.toTun(three, 0, 2); // another offset: the run before it is written first
    assertEquals(2, tun.written().size());
    out.flush();
    assertEquals(3, tun.written().size());
    assertArrayEquals(new byte[] {0x45, 1, 2}, tun.written().get(0));
    assertArrayEquals(new byte[] {0x45, 3}, tun.written().get(1));
    assertArrayEquals(new byte[] {0x45, 4}, tun.written().get(2));
  }

  @Test
  void tunPacketsAtOneOffsetAreOneWriteCall() {
    int[] calls = new int[1];
    NettyOutbox counting = new NettyOutbox(new CountingTun(tun, calls), drops, c -> true);
    for (int i = 0; i < 10; i++) {
      counting.toTun(new byte[] {0x45, (byte) i}, 0, 2);
    }
    counting.flush();
    assertEquals(1, calls[0]);
    assertEquals(10, tun.written().size());
  }

  /** Counts write calls. */
  private record CountingTun(ChannelTun tun, int[] calls) implements org.p2sgate.tun.TunDevice {
    @Override
    public int write(byte[][] bufs, int[] sizes, int offset, int count) throws java.io.IOException {
      calls[0]++;
      return tun.write(bufs, sizes, offset, count);
    }

    @Override
    public int read(byte[][] bufs, int[] sizes, int offset) throws java.io.IOException {
      return tun.read(bufs, sizes, offset);
    }

    @Override
    public String name() {
      return tun.name();
    }

    @Override
    public int mtu() {
      return tun.mtu();
    }

    @Override
    public int batchSize() {
      return tun.batchSize();
    }

    @Override
    public long droppedPackets() {
      return tun.droppedPackets();
    }

    @Override
    public void close() {
      tun.close();
    }
  }
}
