package org.p2sgate.core.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.p2sgate.core.transport.UdpPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Datagrams from the UDP sockets into the session manager; flushes replies per read batch. One
 * instance serves every UDP socket of the gateway (the wildcard one and one per local address).
 */
@io.netty.channel.ChannelHandler.Sharable
final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  private static final Logger log = LoggerFactory.getLogger(UdpHandler.class);

  /** Larger datagrams are not OpenVPN packets of any configuration we serve. */
  static final int MAX_DATAGRAM = 65_535;

  private final GatewayServer server;

  UdpHandler(GatewayServer server) {
    this.server = server;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
    ByteBuf content = msg.content();
    int len = content.readableBytes();
    if (len == 0 || len > MAX_DATAGRAM) {
      return;
    }
    byte[] buf = new byte[len];
    content.getBytes(content.readerIndex(), buf);
    server
        .table()
        .onPacket(
            new UdpPeer(msg.sender(), ctx.channel()), buf, 0, len, server.now(), server.outbox());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    server.outbox().flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.warn("UDP socket error: {}", cause.toString());
  }
}
