package org.p2sgate.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.session.Outbox;
import org.p2sgate.core.session.Peer;
import org.p2sgate.tun.TunDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's {@link Outbox}. Event loop only. Until {@link #flush()}:
 *
 * <ul>
 *   <li>packets to a UDP peer are gathered per peer (channel and address), in order, in a {@link
 *       PeerSendQueue}; at flush each peer's packets are written as plain datagrams and, for runs
 *       of equal size, as one UDP GSO send, and the channels are flushed (Netty sends a channel's
 *       queue with sendmmsg);
 *   <li>packets to a TCP peer are written to its channel at once (flushed at flush);
 *   <li>IP packets for the TUN device are gathered by reference in a {@link TunBatch}: the caller's
 *       buffer must stay unchanged until the flush (the UDP receive path keeps its buffers until
 *       then; see {@code UdpHandler}).
 * </ul>
 *
 * A channel that is not writable drops and counts ({@link DropReason#TRANSPORT_BACKPRESSURE}).
 */
public final class NettyOutbox implements Outbox {
  private static final Logger log = LoggerFactory.getLogger(NettyOutbox.class);

  /** The largest GSO segment a channel has not refused (absent: no limit learnt yet). */
  private static final AttributeKey<Integer> GSO_LIMIT =
      AttributeKey.valueOf(NettyOutbox.class, "gsoLimit");

  private final TunBatch tun;
  private final DropCounters drops;
  private final Predicate<Channel> gsoCapable;
  private final Set<Channel> dirty = new LinkedHashSet<>();
  private final Map<UdpPeer, PeerSendQueue> queues = new HashMap<>();
  private final List<PeerSendQueue> order = new ArrayList<>();
  private PeerSendQueue last;
  private final PeerSendQueue.Writer writer =
      new PeerSendQueue.Writer() {
        @Override
        public int maxSegment(Channel channel) {
          if (!gsoCapable.test(channel)) {
            return 0;
          }
          Integer limit = channel.attr(GSO_LIMIT).get();
          return limit == null ? Integer.MAX_VALUE : limit;
        }

        @Override
        public void writeSegmented(Channel channel, SegmentedDatagramPacket packet) {
          writeGso(channel, packet);
        }
      };

  public NettyOutbox(TunDevice tun, DropCounters drops) {
    this(tun, drops, NettyOutbox::supportsGso);
  }

  NettyOutbox(TunDevice tun, DropCounters drops, Predicate<Channel> gsoCapable) {
    this.tun = new TunBatch(tun);
    this.drops = drops;
    this.gsoCapable = gsoCapable;
  }

  static boolean supportsGso(Channel ch) {
    return ch instanceof EpollDatagramChannel
        && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
  }

  @Override
  public void toPeer(Peer peer, byte[] buf, int off, int len) {
    if (peer instanceof UdpPeer u) {
      if (!u.channel().isWritable()) {
        // the socket cannot keep up: drop here rather than queue without bound (control packets
        // are retransmitted by the reliability layer; tunnelled TCP recovers from data loss)
        drops.count(DropReason.TRANSPORT_BACKPRESSURE);
        return;
      }
      PeerSendQueue q = last;
      if (q == null || (q.peer != u && !q.peer.equals(u))) {
        q = queues.get(u);
        if (q == null) {
          q = new PeerSendQueue(u);
          queues.put(u, q);
          order.add(q);
        }
        last = q;
      }
      // on the socket the client's datagram arrived on: from the address it sent to
      q.add(buf, off, len, writer);
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
    tun.add(buf, off, len);
  }

  @Override
  public void closePeer(Peer peer) {
    if (peer instanceof TcpPeer t) {
      t.channel().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      dirty.remove(t.channel());
    }
  }

  /** Sends what was gathered, flushes every channel written to, writes the TUN batch. */
  public void flush() {
    for (PeerSendQueue q : order) {
      q.writeOut(writer);
      dirty.add(q.peer.channel());
    }
    order.clear();
    queues.clear();
    last = null;
    for (Channel c : dirty) {
      c.flush();
    }
    dirty.clear();
    tun.flush();
  }

  /**
   * Writes a GSO send. The kernel refuses one whose segments do not fit the route's MTU (EINVAL) or
   * whose device cannot checksum them (EIO): then this channel sends segments of that size and
   * larger as plain datagrams from now on, and this send goes again that way.
   */
  private void writeGso(Channel ch, SegmentedDatagramPacket packet) {
    ByteBuf again = packet.content().retainedDuplicate();
    int segment = packet.segmentSize();
    ch.write(packet)
        .addListener(
            f -> {
              if (f.isSuccess() || !ch.isActive()) {
                again.release();
                return;
              }
              Integer limit = ch.attr(GSO_LIMIT).get();
              if (limit == null || limit >= segment) {
                ch.attr(GSO_LIMIT).set(segment - 1);
                log.info(
                    "UDP GSO refused on {} for {}-byte segments ({}): sending them one by one",
                    ch.localAddress(),
                    segment,
                    f.cause() == null ? "?" : f.cause().toString());
              }
              while (again.isReadable()) {
                int n = Math.min(segment, again.readableBytes());
                ch.write(new DatagramPacket(again.readRetainedSlice(n), packet.recipient()));
              }
              again.release();
              ch.flush();
            });
  }
}
