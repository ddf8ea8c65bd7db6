package org.p2sgate.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.util.Arrays;

/**
 * The datagrams for one UDP peer gathered until the outbox flushes, back to back in one pooled
 * direct buffer (at most {@link #CHUNK} bytes; a full one is written out and a new one started).
 * Written out in order as plain datagrams and, where {@link GsoGrouping} finds runs of equal size,
 * as GSO sends that are slices of the same buffer: the packet bytes are copied once, here. Event
 * loop only.
 */
final class PeerSendQueue {
  /** Bytes gathered per buffer at most: one GSO send's worth. */
  static final int CHUNK = GsoGrouping.MAX_BYTES;

  /** Where the queue writes (the outbox: it knows the channel's segment limit and fallback). */
  interface Writer {
    /** The channel's largest GSO segment now (0 if it has no GSO). */
    int maxSegment(Channel channel);

    /** Writes one GSO send; the writer owns {@code packet}. */
    void writeSegmented(Channel channel, SegmentedDatagramPacket packet);
  }

  final UdpPeer peer;
  private ByteBuf chunk;
  private int[] sizes = new int[8];
  private int[] counts = new int[8];
  private int count;

  PeerSendQueue(UdpPeer peer) {
    this.peer = peer;
  }

  /** Copies {@code buf[off, off+len)} in; writes out what was gathered first if it is full. */
  void add(byte[] buf, int off, int len, Writer writer) {
    if (chunk != null && chunk.writerIndex() + len > CHUNK) {
      writeOut(writer);
    }
    if (chunk == null) {
      int initial = Math.min(CHUNK, Math.max(2048, len * 4));
      chunk = peer.channel().alloc().directBuffer(initial, Math.max(CHUNK, len));
    }
    chunk.writeBytes(buf, off, len);
    if (count == sizes.length) {
      sizes = Arrays.copyOf(sizes, count * 2);
      counts = new int[count * 2];
    }
    sizes[count++] = len;
  }

  /** Writes (does not flush) everything gathered to the peer's channel. */
  void writeOut(Writer writer) {
    if (chunk == null) {
      return;
    }
    Channel ch = peer.channel();
    int groups = GsoGrouping.group(sizes, count, writer.maxSegment(ch), counts);
    int at = 0;
    for (int g = 0, i = 0; g < groups; g++) {
      int n = counts[g];
      int bytes = 0;
      for (int k = 0; k < n; k++) {
        bytes += sizes[i + k];
      }
      ByteBuf slice = chunk.retainedSlice(at, bytes);
      if (n == 1) {
        ch.write(new DatagramPacket(slice, peer.address()));
      } else {
        writer.writeSegmented(ch, new SegmentedDatagramPacket(slice, sizes[i], peer.address()));
      }
      at += bytes;
      i += n;
    }
    chunk.release();
    chunk = null;
    count = 0;
  }

  /** Drops what was gathered (the outbox is closing). */
  void discard() {
    if (chunk != null) {
      chunk.release();
      chunk = null;
      count = 0;
    }
  }
}
