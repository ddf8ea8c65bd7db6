package org.p2sgate.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.p2sgate.core.transport.TcpPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection per client: {@code u16 length || packet} framing (wire doc 11). A zero or
 * oversized length is a fatal stream error, as in the reference: the connection is closed.
 *
 * <p>Each frame is copied into one of {@value #SLOTS} {@link ReceiveSlots} that every connection of
 * a shard's event loop shares, not a new array per frame; the outbox flushes at the end of each
 * read. A connection belongs to the shard whose loop Netty gave it ({@link Shard}): its session
 * lives in that shard's table.
 */
final class TcpInitializer extends ChannelInitializer<SocketChannel> {
  private static final Logger log = LoggerFactory.getLogger(TcpInitializer.class);

  /** The reference's stream buffer is about 1.6 to 2 KB; allow room for jumbo tun-mtu. */
  static final int MAX_FRAME = 16 * 1024;

  /** Frames received between two flushes at most, as {@link UdpReceive#BATCH}. */
  static final int SLOTS = UdpReceive.BATCH;

  private final GatewayServer server;

  TcpInitializer(GatewayServer server) {
    this.server = server;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    TcpPeer peer = new TcpPeer(ch);
    Shard shard = server.shardOf(ch.eventLoop());
    ch.pipeline()
        .addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME + 2, 0, 2, 0, 2))
        .addLast(
            new SimpleChannelInboundHandler<ByteBuf>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                int len = frame.readableBytes();
                if (len == 0) {
                  ctx.close();
                  return;
                }
                byte[] buf = shard.tcpSlots.take(len);
                frame.getBytes(frame.readerIndex(), buf, 0, len);
                shard.table.onPacket(peer, buf, 0, len, shard.now(), shard.outbox);
              }

              @Override
              public void channelReadComplete(ChannelHandlerContext ctx) {
                flush(shard);
              }

              @Override
              public void channelActive(ChannelHandlerContext ctx) {
                shard.table.onStreamOpened(peer, shard.now(), shard.outbox);
                flush(shard);
                ctx.fireChannelActive();
              }

              @Override
              public void channelInactive(ChannelHandlerContext ctx) {
                shard.table.onPeerGone(peer, shard.outbox);
                flush(shard);
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                if (cause instanceof io.netty.handler.codec.DecoderException) {
                  // a bad frame length is the peer's doing: counted, not a log line per
                  // connection (a flood of them must not flood the log)
                  server.drops().count(org.p2sgate.core.observe.DropReason.STREAM_MALFORMED);
                  log.debug("{}: closing TCP connection: {}", peer, cause.toString());
                } else {
                  log.info("{}: closing TCP connection: {}", peer, cause.toString());
                }
                ctx.close();
              }
            });
  }

  private static void flush(Shard shard) {
    shard.outbox.flush();
    shard.tcpSlots.flushed();
  }
}
