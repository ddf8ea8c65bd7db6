package org.p2sgate.tun.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.p2sgate.tun.TunDevice;
import org.p2sgate.tun.TunSpec;
import org.p2sgate.tun.offload.GsoPacket;
import org.p2sgate.tun.offload.TcpCoalescing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TunDevice} on Linux's {@code /dev/net/tun}, opened with {@code IFF_TUN | IFF_NO_PI}, and
 * {@code IFF_VNET_HDR} unless {@link #OFFLOAD_PROPERTY} says otherwise: then each {@link #write}
 * batch is planned by {@link TcpCoalescing}, and a run of one TCP flow's segments goes to the
 * kernel as one GSO packet (one write(2) and one trip through the stack for up to 64 segments);
 * other packets still take one write(2) each.
 *
 * <p>The fd is non-blocking. {@link #read} waits in {@code poll(2)} for at most {@link
 * #POLL_TIMEOUT_MILLIS} at a time, so that {@link #close} from another thread ends it promptly, and
 * then reads one packet per {@code read(2)} until the kernel queue is empty ({@code EAGAIN}) or the
 * batch is full: one read(2) per packet plus a poll(2) and a final empty read(2) per batch, and
 * never a spin.
 *
 * <p>Packets pass through one native buffer per direction ({@link #MAX_PACKET} bytes): a read is
 * never truncated by the kernel, and a packet too large for the caller's buffer is seen whole,
 * counted and dropped.
 *
 * <p>The device is not persistent: it disappears when {@link #close} closes the fd. {@code close}
 * waits for a running read or write to leave the fd first, so the fd number is never reused under
 * them.
 *
 * <p>{@link #create(TunSpec, int)} with more than one queue opens the device with {@code
 * IFF_MULTI_QUEUE} and one fd per queue ({@link #queue}): each queue is a {@code LinuxTun} of its
 * own, so threads writing to different queues share no lock. Closing the first closes them all.
 */
public final class LinuxTun implements TunDevice {

  /** Packets per {@link #read}. */
  public static final int BATCH_SIZE = 64;

  /** Upper bound of a {@link #read} wait between checks for {@link #close}. */
  public static final int POLL_TIMEOUT_MILLIS = 100;

  /** Queues of one device at most (the kernel allows 256; a gateway wants one per thread). */
  public static final int MAX_QUEUES = 64;

  /** Largest IP packet (IPv4 total length is 16 bits). */
  static final int MAX_PACKET = 65535;

  /**
   * {@code -Dp2sgate.tun.offload=false} turns off the coalescing of TCP segments into GSO packets
   * (on by default on little-endian machines, where the kernel's {@code virtio_net_hdr} is in the
   * host's byte order).
   */
  public static final String OFFLOAD_PROPERTY = "p2sgate.tun.offload";

  private static final Logger log = LoggerFactory.getLogger(LinuxTun.class);

  private final int fd;
  private final String name;
  private final int mtu;
  private final boolean vnetHeader;
  private final int head; // bytes before each packet on the fd: the virtio_net_hdr, or none
  private final Memory readBuf = new Memory(MAX_PACKET + GsoPacket.VNET_HDR);
  private final Memory writeBuf = new Memory(MAX_PACKET + GsoPacket.VNET_HDR);
  private final TcpCoalescing plan = new TcpCoalescing();
  private final byte[] staging = new byte[MAX_PACKET + GsoPacket.VNET_HDR];
  private final AtomicLong gsoWrites = new AtomicLong();
  private final AtomicLong coalesced = new AtomicLong();
  private final Memory pollFd = new Memory(DirectIo.POLLFD_SIZE);
  private final ReentrantLock readLock = new ReentrantLock();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Object closeLock = new Object();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;
  private boolean fdClosed; // guarded by closeLock

  /** The other queues, on the first queue only (empty on a single-queue device). */
  private final java.util.List<LinuxTun> others = new java.util.ArrayList<>();

  /** Which queue of its device this is (0: the first, which the others close with). */
  private final int index;

  private LinuxTun(int fd, String name, int mtu, boolean vnetHeader, int index) {
    this.index = index;
    this.fd = fd;
    this.name = name;
    this.mtu = mtu;
    this.vnetHeader = vnetHeader;
    this.head = vnetHeader ? GsoPacket.VNET_HDR : 0;
    pollFd.clear();
    pollFd.setInt(0, fd);
    pollFd.setShort(DirectIo.POLLFD_EVENTS_OFFSET, DirectIo.POLLIN);
  }

  private static boolean offloadWanted() {
    return !"false".equalsIgnoreCase(System.getProperty(OFFLOAD_PROPERTY, "true"))
        && java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN;
  }

  /** Whether TCP segments are coalesced into GSO packets on their way into the device. */
  public boolean coalesces() {
    return vnetHeader;
  }

  /** On the first queue, counted over all queues. */
  @Override
  public long gsoWrites() {
    return gsoWrites.get() + others.stream().mapToLong(LinuxTun::gsoWrites).sum();
  }

  /** On the first queue, counted over all queues. */
  @Override
  public long gsoSegments() {
    return coalesced.get() + others.stream().mapToLong(LinuxTun::gsoSegments).sum();
  }

  @Override
  public int queueCount() {
    return 1 + others.size();
  }

  @Override
  public TunDevice queue(int i) {
    return i == 0 ? this : others.get(i - 1);
  }

  /** True on Linux when {@code /dev/net/tun} exists (permission is not checked). */
  public static boolean isSupported() {
    return Platform.isLinux() && Files.exists(Path.of(TunControl.DEV_NET_TUN));
  }

  /**
   * Creates the device, sets its address and MTU and brings it up.
   *
   * @throws IOException with a message that says what to do: no {@code /dev/net/tun}, no
   *     permission, a name in use, or a failing {@code ip} command
   */
  public static LinuxTun create(TunSpec spec) throws IOException {
    return create(spec, 1);
  }

  /**
   * As {@link #create(TunSpec)}, with {@code queues} queues (1 to {@value #MAX_QUEUES}): more than
   * one makes a multi-queue device.
   */
  public static LinuxTun create(TunSpec spec, int queues) throws IOException {
    Objects.requireNonNull(spec, "spec");
    if (queues < 1 || queues > MAX_QUEUES) {
      throw new IllegalArgumentException("1 to " + MAX_QUEUES + " queues, not " + queues);
    }
    if (!Platform.isLinux() || Native.LONG_SIZE != 8) {
      throw new IOException("TUN devices need 64-bit Linux, not " + System.getProperty("os.name"));
    }
    int fd = TunControl.open();
    boolean success = false;
    try {
      boolean offload = offloadWanted();
      String name = TunControl.attach(fd, spec.name(), offload, queues > 1);
      LinuxTun tun = new LinuxTun(fd, name, spec.mtu(), offload, 0);
      try {
        for (int q = 1; q < queues; q++) {
          int more = TunControl.open();
          try {
            TunControl.attach(more, name, offload, true);
          } catch (IOException e) {
            TunControl.closeQuietly(more);
            throw e;
          }
          tun.others.add(new LinuxTun(more, name, spec.mtu(), offload, q));
        }
        IpLink.configure(name, spec);
      } catch (IOException | RuntimeException e) {
        for (LinuxTun q : tun.others) {
          TunControl.closeQuietly(q.fd);
        }
        throw e;
      }
      success = true;
      log.info(
          "created TUN {} ({}, mtu {}, {} queue(s), {})",
          name,
          spec.cidr(),
          spec.mtu(),
          queues,
          offload ? "TCP segments coalesced into GSO packets" : "one packet per write");
      return tun;
    } finally {
      if (!success) {
        TunControl.closeQuietly(fd);
      }
    }
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
    return BATCH_SIZE;
  }

  /** On the first queue, counted over all queues. */
  @Override
  public long droppedPackets() {
    return dropped.get() + others.stream().mapToLong(LinuxTun::droppedPackets).sum();
  }

  /**
   * The device's {@code tx_dropped} from sysfs: the kernel counts there the packets it could not
   * queue for a reader (every queue's, one counter). sysfs shows the network namespace the process
   * runs in, which is the device's.
   */
  @Override
  public long queueOverflows() {
    try {
      return Long.parseLong(
          java.nio.file.Files.readString(
                  java.nio.file.Path.of("/sys/class/net", name, "statistics", "tx_dropped"))
              .strip());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public int read(byte[][] bufs, int[] sizes, int offset) throws IOException {
    int max = Math.min(Math.min(bufs.length, sizes.length), BATCH_SIZE);
    if (offset < 0 || max == 0) {
      throw new IllegalArgumentException("offset " + offset + ", " + max + " buffers");
    }
    readLock.lock();
    try {
      while (true) {
        if (closed) {
          return -1;
        }
        if (Thread.interrupted()) {
          throw new InterruptedIOException("interrupted while reading " + name);
        }
        if (awaitReadable()) {
          int n = drain(bufs, sizes, offset, max);
          if (n > 0) {
            return n;
          }
        }
      }
    } finally {
      readLock.unlock();
    }
  }

  /** One poll(2) of at most POLL_TIMEOUT_MILLIS; true when the fd is readable. */
  private boolean awaitReadable() throws IOException {
    pollFd.setShort(DirectIo.POLLFD_REVENTS_OFFSET, (short) 0);
    int r = DirectIo.poll(pollFd, 1, POLL_TIMEOUT_MILLIS);
    if (r < 0) {
      int errno = Native.getLastError();
      if (errno == LibC.EINTR) {
        return false;
      }
      throw new IOException("poll on TUN " + name + " failed: " + LibC.describe(errno));
    }
    if (r == 0) {
      return false;
    }
    short revents = pollFd.getShort(DirectIo.POLLFD_REVENTS_OFFSET);
    if ((revents & DirectIo.POLLIN) == 0
        && (revents & (DirectIo.POLLERR | DirectIo.POLLHUP | DirectIo.POLLNVAL)) != 0) {
      throw new IOException(
          "TUN " + name + " failed: poll revents 0x" + Integer.toHexString(revents));
    }
    return true;
  }

  /** Non-blocking read(2)s until EAGAIN or {@code max} packets; oversized ones are dropped. */
  private int drain(byte[][] bufs, int[] sizes, int offset, int max) throws IOException {
    int n = 0;
    while (n < max) {
      long r = DirectIo.read(fd, readBuf, MAX_PACKET + head);
      if (r < 0) {
        int errno = Native.getLastError();
        if (errno == LibC.EINTR) {
          continue;
        }
        if (errno == LibC.EAGAIN || n > 0) {
          break; // an error after packets were read is reported by the next call
        }
        throw new IOException("read from TUN " + name + " failed: " + LibC.describe(errno));
      }
      if (r == 0) {
        break;
      }
      int len = (int) r - head;
      if (len <= 0 || len > bufs[n].length - offset || (vnetHeader && readBuf.getByte(1) != 0)) {
        dropped.incrementAndGet(); // too long for the buffer, or a GSO packet we never asked for
        continue;
      }
      readBuf.read(head, bufs[n], offset, len);
      sizes[n] = len;
      n++;
    }
    return n;
  }

  @Override
  public int write(byte[][] bufs, int[] sizes, int offset, int count) throws IOException {
    writeLock.lock();
    try {
      if (closed) {
        throw new ClosedChannelException();
      }
      int written = 0;
      for (int i = 0; i < count; i++) {
        Objects.checkFromIndexSize(offset, sizes[i], bufs[i].length);
      }
      if (vnetHeader) {
        plan.plan(bufs, sizes, offset, count);
      }
      for (int i = 0; i < count; i++) {
        int len = sizes[i];
        if (len == 0 || len > MAX_PACKET) {
          dropped.incrementAndGet();
          continue;
        }
        if (vnetHeader && plan.isMember(i)) {
          continue; // went with its group
        }
        int segments = vnetHeader ? plan.segments(i) : 1;
        int n;
        if (segments > 1) {
          n = GsoPacket.group(bufs, sizes, offset, plan, i, staging);
          writeBuf.write(0, staging, 0, n);
        } else {
          writeBuf.clear(head);
          writeBuf.write(head, bufs[i], offset, len);
          n = head + len;
        }
        if (writeOne(n)) {
          written += segments;
          if (segments > 1) {
            gsoWrites.incrementAndGet();
            coalesced.addAndGet(segments);
          }
        } else {
          dropped.addAndGet(segments);
        }
      }
      return written;
    } finally {
      writeLock.unlock();
    }
  }

  /** One write(2); false if the kernel refused this packet, IOException if the device failed. */
  private boolean writeOne(int len) throws IOException {
    while (true) {
      long r = DirectIo.write(fd, writeBuf, len);
      if (r >= 0) {
        return true;
      }
      int errno = Native.getLastError();
      switch (errno) {
        case LibC.EINTR -> {}
        case LibC.EINVAL, LibC.EAGAIN, LibC.ENOBUFS, LibC.EMSGSIZE -> {
          return false;
        }
        default ->
            throw new IOException("write to TUN " + name + " failed: " + LibC.describe(errno));
      }
    }
  }

  @Override
  public void close() throws IOException {
    for (LinuxTun q : others) {
      q.close();
    }
    closed = true;
    synchronized (closeLock) {
      if (fdClosed) {
        return;
      }
      readLock.lock(); // a reader leaves within POLL_TIMEOUT_MILLIS once it sees `closed`
      writeLock.lock();
      try {
        fdClosed = true;
        readBuf.close();
        writeBuf.close();
        pollFd.close();
        LibC.INSTANCE.close(fd);
        if (index == 0) {
          log.info("closed TUN {}", name);
        }
      } catch (LastErrorException e) {
        throw new IOException(
            "close of TUN " + name + " failed: " + LibC.describe(e.getErrorCode()), e);
      } finally {
        writeLock.unlock();
        readLock.unlock();
      }
    }
  }

  @Override
  public String toString() {
    return "LinuxTun[name="
        + name
        + ", queue="
        + index
        + ", mtu="
        + mtu
        + ", fd="
        + fd
        + ", closed="
        + closed
        + "]";
  }
}
