package org.p2sgate.tun.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.p2sgate.tun.TunDevice;

/**
 * An in-memory {@link TunDevice}, the twin of {@code LinuxTun} for tests (after wireguard-go's
 * {@code tun/tuntest}). {@link #inject} plays the kernel routing a packet into the device; {@link
 * #takeWritten} and {@link #written} show what the gateway wrote. Thread safe.
 */
public final class ChannelTun implements TunDevice {

  public static final int DEFAULT_MTU = 1500;
  public static final int DEFAULT_BATCH_SIZE = 64;

  /** Marks the end of the inbound queue; compared by identity. */
  private static final byte[] CLOSED = new byte[0];

  private final String name;
  private final int mtu;
  private final int batchSize;
  private final LinkedBlockingQueue<byte[]> inbound = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<byte[]> outbound = new LinkedBlockingQueue<>();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;

  public ChannelTun() {
    this("chtun0", DEFAULT_MTU, DEFAULT_BATCH_SIZE);
  }

  public ChannelTun(String name, int mtu, int batchSize) {
    if (batchSize < 1 || mtu < 1) {
      throw new IllegalArgumentException("mtu " + mtu + ", batchSize " + batchSize);
    }
    this.name = Objects.requireNonNull(name, "name");
    this.mtu = mtu;
    this.batchSize = batchSize;
  }

  /**
   * Queues a copy of {@code packet} for {@link #read}, as if the kernel routed it into the device.
   *
   * @throws IllegalStateException if the device is closed
   */
  public void inject(byte[] packet) {
    if (closed) {
      throw new IllegalStateException("ChannelTun " + name + " is closed");
    }
    inbound.add(packet.clone());
  }

  /** Removes and returns the oldest packet written, waiting up to {@code timeout}; null if none. */
  public byte[] takeWritten(Duration timeout) throws InterruptedException {
    return outbound.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The packets written and not yet taken, oldest first; removes nothing. */
  public List<byte[]> written() {
    return List.copyOf(outbound);
  }

  /** How many injected packets no {@link #read} has returned yet. */
  public int pendingInjected() {
    return (int) inbound.stream().filter(p -> p != CLOSED).count();
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int mtu() {
    return mtu;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public long droppedPackets() {
    return dropped.get();
  }

  @Override
  public int read(byte[][] bufs, int[] sizes, int offset) throws IOException {
    int max = Math.min(Math.min(bufs.length, sizes.length), batchSize);
    if (offset < 0 || max == 0) {
      throw new IllegalArgumentException("offset " + offset + ", " + max + " buffers");
    }
    int n = 0;
    while (n == 0) {
      if (closed) {
        return -1;
      }
      byte[] p = take();
      while (p != null) {
        if (p == CLOSED) {
          inbound.add(CLOSED); // wake every other reader too
          return n > 0 ? n : -1;
        }
        if (p.length > bufs[n].length - offset) {
          dropped.incrementAndGet();
        } else {
          System.arraycopy(p, 0, bufs[n], offset, p.length);
          sizes[n++] = p.length;
        }
        p = n < max ? inbound.poll() : null;
      }
    }
    return n;
  }

  private byte[] take() throws InterruptedIOException {
    try {
      return inbound.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading " + name);
    }
  }

  @Override
  public int write(byte[][] bufs, int[] sizes, int offset, int count) throws IOException {
    if (closed) {
      throw new ClosedChannelException();
    }
    for (int i = 0; i < count; i++) {
      Objects.checkFromIndexSize(offset, sizes[i], bufs[i].length);
      outbound.add(Arrays.copyOfRange(bufs[i], offset, offset + sizes[i]));
    }
    return count;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      inbound.add(CLOSED);
    }
  }

  @Override
  public String toString() {
    return "ChannelTun[name="
        + name
        + ", mtu="
        + mtu
        + ", batchSize="
        + batchSize
        + ", closed="
        + closed
        + "]";
  }
}
