package org.p2sgate.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.transport.UdpPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datagrams from the UDP sockets into the session manager, a read batch at a time (see {@link
 * UdpReceive}: one recvmmsg fills up to {@value UdpReceive#BATCH} datagrams), for the UDP sockets
 * of one shard (the wildcard one and one per local address).
 *
 * <p>Each datagram is copied into one of {@value UdpReceive#BATCH} receive buffers reused from
 * batch to batch, not a new array. One instance per shard ({@link Shard}), on its loop, serves that
 * shard's sockets. The session core keeps no reference to the buffer past the call (control packets
 * are copied out when unwrapped; data packets are opened in place and handed to the outbox's TUN
 * batch), and the outbox's TUN batch refers to it until the outbox flushes: so the sink's {@link
 * Sink#batchEnd} flushes, and it is called before a buffer is reused.
 */
@io.netty.channel.ChannelHandler.Sharable
final class UdpHandler extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(UdpHandler.class);

  /** Where datagrams go. */
  interface Sink {
    /** One datagram at {@code buf[0, len)}; {@code buf} is unchanged until the next batchEnd. */
    void datagram(UdpPeer from, byte[] buf, int len);

    /** The end of a read batch, and before any receive buffer is reused: flush. */
    void batchEnd();
  }

  private final int maxDatagram;
  private final DropCounters drops;
  private final Sink sink;
  private final ReceiveSlots buffers;
  private UdpPeer lastPeer;

  /**
   * @param maxDatagram the largest datagram accepted: at most the socket's datagram payload size
   *     less one, so that a longer datagram (truncated to that size) shows as too long
   */
  UdpHandler(int maxDatagram, DropCounters drops, Sink sink) {
    this.maxDatagram = maxDatagram;
    this.drops = drops;
    this.sink = sink;
    // every slot holds the largest datagram and the AEAD tag room: data packets open in place
    this.buffers =
        new ReceiveSlots(
            UdpReceive.BATCH,
            maxDatagram + org.p2sgate.core.crypto.AeadLayout.TAILROOM,
            sink::batchEnd);
  }

  /** A shard's handler: datagrams into its session table, its outbox flushed per batch. */
  static UdpHandler forShard(Shard shard, DropCounters drops, int maxDatagram) {
    return new UdpHandler(
        maxDatagram,
        drops,
        new Sink() {
          @Override
          public void datagram(UdpPeer from, byte[] buf, int len) {
            shard.table.onPacket(from, buf, 0, len, shard.now(), shard.outbox);
          }

          @Override
          public void batchEnd() {
            shard.outbox.flush();
          }
        });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket p)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      ByteBuf content = p.content();
      int len = content.readableBytes();
      if (len == 0) {
        drops.count(DropReason.TOO_SHORT);
        return;
      }
      if (len > maxDatagram) {
        drops.count(DropReason.OVERSIZED_DATAGRAM);
        return;
      }
      byte[] buf = buffers.take(len);
      content.getBytes(content.readerIndex(), buf, 0, len);
      sink.datagram(peer(p.sender(), ctx.channel()), buf, len);
    } finally {
      p.release();
    }
  }

  /** The peer of the last datagram again if it is the same one (a record: equal either way). */
  private UdpPeer peer(InetSocketAddress sender, Channel ch) {
    UdpPeer last = lastPeer;
    if (last != null && last.channel() == ch && last.address().equals(sender)) {
      return last;
    }
    return lastPeer = new UdpPeer(sender, ch);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    sink.batchEnd();
    buffers.flushed();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (lastPeer != null && lastPeer.channel() == ctx.channel()) {
      lastPeer = null; // do not keep a closed socket reachable
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.warn("UDP socket error: {}", cause.toString());
  }
}
