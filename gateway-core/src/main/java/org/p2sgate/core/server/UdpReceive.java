package org.p2sgate.core.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import org.p2sgate.core.config.KernelBuffers;

/**
 * The UDP sockets' bootstrap: many datagrams per epoll wake-up, none truncated into one we accept.
 *
 * <p>With epoll, {@code MAX_DATAGRAM_PAYLOAD_SIZE} makes Netty read with recvmmsg into slots of
 * that size, up to {@value #BATCH} per call (the receive buffer holds {@value #BATCH} slots). Netty
 * ignores MSG_TRUNC: a longer datagram arrives cut to the slot size. So the slot is one byte longer
 * than the largest datagram accepted ({@link #maxDatagram}), and {@link UdpHandler} drops a full
 * slot as {@code OVERSIZED_DATAGRAM}. NIO reads one datagram per buffer, cut the same way, and is
 * guarded the same way. UDP_GRO stays off: with a slot size set, a coalesced read would be cut too.
 */
final class UdpReceive {
  /** Datagrams per read (one recvmmsg) and per flush of the outbox at most. */
  static final int BATCH = 64;

  /** Room beyond the TUN MTU: data-channel overhead (CBC + SHA-512 HMAC is about 110 bytes). */
  static final int OVERHEAD = 255;

  private UdpReceive() {}

  /**
   * The largest datagram accepted for a TUN MTU: at least 2047 (control packets, and clients whose
   * MTU settings differ a little), else the MTU plus {@link #OVERHEAD}.
   */
  static int maxDatagram(int tunMtu) {
    return Math.max(2047, tunMtu + OVERHEAD);
  }

  static Bootstrap bootstrap(
      EventLoopGroup group,
      boolean epoll,
      WriteBufferWaterMark water,
      UdpHandler handler,
      int max,
      KernelBuffers buffers) {
    int slot = max + 1;
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, water)
            .handler(handler);
    if (buffers.udpReceive() > 0) { // 0: the system's default
      b.option(ChannelOption.SO_RCVBUF, buffers.udpReceive());
    }
    if (buffers.udpSend() > 0) {
      b.option(ChannelOption.SO_SNDBUF, buffers.udpSend());
    }
    if (epoll) {
      b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slot)
          .option(
              ChannelOption.RCVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(slot * BATCH).maxMessagesPerRead(BATCH));
    } else {
      b.option(
          ChannelOption.RCVBUF_ALLOCATOR,
          new FixedRecvByteBufAllocator(slot).maxMessagesPerRead(BATCH));
    }
    return b;
  }
}
