package org.p2sgate.tun;

import java.io.Closeable;
import java.io.IOException;

/**
 * A layer-3 TUN device seen as two batch operations, in the style of wireguard-go's {@code
 * tun.Device} ({@code tun/tun.go}).
 *
 * <p>Every packet is a bare IP packet (no packet-information prefix). Buffers carry {@code offset}
 * bytes of headroom in front of the packet so that callers can prepend their own headers in place
 * (the gateway reserves 24).
 *
 * <p>Threading: {@link #read} and {@link #write} may be called from different threads at the same
 * time. Concurrent calls to the same one are serialised. {@link #close} may be called from any
 * thread at any time, any number of times.
 */
public interface TunDevice extends Closeable {

  /**
   * The actual kernel name of the device (for a requested {@code "tun%d"}, e.g. {@code "tun3"}).
   */
  String name();

  /** The MTU the device was configured with, in bytes. */
  int mtu();

  /**
   * How many queues the device has: each is a device of its own for {@link #read} and {@link
   * #write} ({@link #queue}), with its own locks, so that threads need not share one. The kernel
   * spreads the packets it hands over across the queues by flow; every queue must be read.
   */
  default int queueCount() {
    return 1;
  }

  /** Queue {@code i} (0: this device itself), of {@link #queueCount()}. */
  default TunDevice queue(int i) {
    if (i != 0) {
      throw new IndexOutOfBoundsException("queue " + i + " of 1");
    }
    return this;
  }

  /** The most packets one {@link #read} call returns. At least 1. */
  int batchSize();

  /**
   * Blocks until at least one packet is available, then copies packet {@code i} into {@code
   * bufs[i]} starting at {@code offset} and stores its length in {@code sizes[i]}, for {@code i}
   * less than the returned count, which is at most {@code min(bufs.length, sizes.length,
   * batchSize())}.
   *
   * <p>A packet longer than {@code bufs[i].length - offset} is dropped and counted in {@link
   * #droppedPackets()}, never truncated.
   *
   * @return the number of packets read, at least 1; or -1 once the device is closed (also when it
   *     is closed by another thread while this call waits)
   * @throws IOException if the kernel reports an error on the device
   * @throws java.io.InterruptedIOException if the calling thread is interrupted while waiting
   * @throws IllegalArgumentException if {@code offset} is negative or there is no buffer to fill
   */
  int read(byte[][] bufs, int[] sizes, int offset) throws IOException;

  /**
   * Writes the packets {@code bufs[i][offset, offset + sizes[i])} for {@code i < count}, in order.
   *
   * <p>A packet the kernel refuses (malformed, or no buffer space) is dropped and counted in {@link
   * #droppedPackets()}; the following packets are still written.
   *
   * @return how many packets the kernel accepted
   * @throws java.nio.channels.ClosedChannelException if the device is closed
   * @throws IOException if the device fails as a whole
   * @throws IndexOutOfBoundsException if a packet lies outside its buffer
   */
  int write(byte[][] bufs, int[] sizes, int offset, int count) throws IOException;

  /**
   * Packets dropped since the device was opened: read packets too large for the caller's buffer,
   * and written packets the kernel refused.
   */
  long droppedPackets();

  /**
   * Packets the kernel dropped on their way to the gateway through this device: for a TUN, mostly
   * because a queue was full (the gateway read too slowly), counted by the kernel as the device's
   * {@code tx_dropped}. 0 where unknown.
   */
  default long queueOverflows() {
    return 0;
  }

  /** GSO packets written so far (runs of TCP segments coalesced into one write); 0 without. */
  default long gsoWrites() {
    return 0;
  }

  /** The packets those GSO packets carried. */
  default long gsoSegments() {
    return 0;
  }

  /**
   * Closes the device. A {@link #read} blocked in another thread returns -1 promptly. Idempotent.
   */
  @Override
  void close() throws IOException;
}
