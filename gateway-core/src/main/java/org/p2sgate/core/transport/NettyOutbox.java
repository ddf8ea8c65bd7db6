package org.p2sgate.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DatagramPacket;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.session.Outbox;
import org.p2sgate.core.session.Peer;
import org.p2sgate.tun.TunDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link Outbox}: packets to peers are written to their Netty channel (flushed once
 * per batch by {@link #flush()}); IP packets go straight to the TUN device. Event loop only.
 */
public final class NettyOutbox implements Outbox {
  private static final Logger log = LoggerFactory.getLogger(NettyOutbox.class);

  private final TunDevice tun;
  private final Set<Channel> dirty = new LinkedHashSet<>();
  private final byte[][] one = new byte[1][];
  private final int[] oneSize = new int[1];
  private final DropCounters drops;

  public NettyOutbox(TunDevice tun, DropCounters drops) {
    this.tun = tun;
    this.drops = drops;
  }

  @Override
  public void toPeer(Peer peer, byte[] buf, int off, int len) {
    if (peer instanceof UdpPeer u) {
      Channel udp = u.channel();
      if (!udp.isWritable()) {
        // the socket cannot keep up: drop here rather than queue without bound (control packets
        // are retransmitted by the reliability layer; tunnelled TCP recovers from data loss)
        drops.count(DropReason.TRANSPORT_BACKPRESSURE);
      } else {
        // on the socket the client's datagram arrived on: from the address it sent to
        udp.write(new DatagramPacket(Unpooled.wrappedBuffer(buf, off, len), u.address()));
        dirty.add(udp);
      }
    } else if (peer instanceof TcpPeer t) {
      if (!t.channel().isWritable()) {
        drops.count(DropReason.TRANSPORT_BACKPRESSURE);
        return;
      }
      ByteBuf b = t.channel().alloc().buffer(len + 2);
      b.writeShort(len).writeBytes(buf, off, len);
      t.channel().write(b);
      dirty.add(t.channel());
    }
  }

  @Override
  public void toTun(byte[] buf, int off, int len) {
    one[0] = buf;
    oneSize[0] = len;
    try {
      tun.write(one, oneSize, off, 1);
    } catch (IOException e) {
      log.warn("TUN write failed: {}", e.getMessage());
    } finally {
      one[0] = null;
    }
  }

  @Override
  public void closePeer(Peer peer) {
    if (peer instanceof TcpPeer t) {
      t.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      dirty.remove(t.channel());
    }
  }

  /** Flushes every channel written to since the last flush. */
  public void flush() {
    for (Channel c : dirty) {
      c.flush();
    }
    dirty.clear();
  }
}
