package org.p2sgate.tun.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.p2sgate.tun.route.Ipv4Prefix;
import org.p2sgate.tun.route.KernelRoutes;
import org.p2sgate.tun.route.RouteMessages;
import org.p2sgate.tun.route.TableMirror;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one kernel routing table through an rtnetlink socket ({@code rtnetlink(7)}): joined to
 * the {@code RTNLGRP_IPV4_ROUTE} group before it asks for a dump of the IPv4 routes, so that no
 * change falls between the dump and the events; then every {@code RTM_NEWROUTE} and {@code
 * RTM_DELROUTE} the kernel sends. If the socket's queue overflowed ({@code ENOBUFS}: changes were
 * lost) the table is dumped again. Nothing polls {@code ip route}.
 *
 * <p>One thread of its own receives; {@code recv(2)} waits at most {@link #RECEIVE_TIMEOUT_MS} so
 * that {@link #close} ends it promptly. Needs no privilege: any process may read the routes.
 */
public final class NetlinkRoutes implements KernelRoutes {
  private static final Logger log = LoggerFactory.getLogger(NetlinkRoutes.class);

  /** {@code RTMGRP_IPV4_ROUTE}: the bit of {@code RTNLGRP_IPV4_ROUTE} (7) in the bind groups. */
  static final int RTMGRP_IPV4_ROUTE = 0x40;

  static final int RECEIVE_TIMEOUT_MS = 200;

  /** Receive buffer: a dump answer is at most 32 KiB per {@code recv(2)}. */
  static final int BUFFER = 64 * 1024;

  /** Socket receive queue: a burst of changes (a BGP session coming up) fits. */
  static final int SOCKET_QUEUE = 4 << 20;

  private final int fd;
  private final int table;
  private final TableMirror mirror;
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong overflowed = new AtomicLong();
  private volatile boolean closed;
  private Thread thread;
  private int seq;

  private NetlinkRoutes(int fd, int table, TableMirror mirror) {
    this.fd = fd;
    this.table = table;
    this.mirror = mirror;
  }

  /**
   * Opens the socket for table {@code table}, keeping the prefixes {@code wanted} accepts, at most
   * {@code bound} routes.
   */
  public static NetlinkRoutes open(int table, Predicate<Ipv4Prefix> wanted, int bound)
      throws IOException {
    LibC c = LibC.INSTANCE;
    int fd;
    try {
      fd = c.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.NETLINK_ROUTE);
    } catch (LastErrorException e) {
      throw new IOException("rtnetlink socket: " + LibC.describe(e.getErrorCode()), e);
    }
    try {
      byte[] queue = native4(SOCKET_QUEUE);
      c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVBUF, queue, queue.length);
      byte[] timeout =
          ByteBuffer.allocate(16)
              .order(ByteOrder.nativeOrder())
              .putLong(0)
              .putLong(RECEIVE_TIMEOUT_MS * 1000L)
              .array();
      c.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeout, timeout.length);
      // struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid;
      // __u32 nl_groups; }: the kernel picks our port id
      byte[] address =
          ByteBuffer.allocate(12)
              .order(ByteOrder.nativeOrder())
              .putShort((short) LibC.AF_NETLINK)
              .putShort((short) 0)
              .putInt(0)
              .putInt(RTMGRP_IPV4_ROUTE)
              .array();
      c.bind(fd, address, address.length);
    } catch (LastErrorException e) {
      closeQuietly(fd);
      throw new IOException("rtnetlink socket: " + LibC.describe(e.getErrorCode()), e);
    }
    return new NetlinkRoutes(fd, table, new TableMirror(table, wanted, bound));
  }

  @Override
  public synchronized void follow(Listener listener) throws IOException {
    if (thread != null) {
      throw new IllegalStateException("already following");
    }
    dump();
    thread = new Thread(() -> receive(listener), "p2sgate-kernel-routes");
    thread.setDaemon(true);
    thread.start();
  }

  private void dump() throws IOException {
    mirror.resync();
    byte[] request = RouteMessages.dumpRequest(++seq);
    try {
      LibC.INSTANCE.send(fd, request, new NativeLong(request.length), 0);
    } catch (LastErrorException e) {
      throw new IOException("rtnetlink dump request: " + LibC.describe(e.getErrorCode()), e);
    }
  }

  private void receive(Listener listener) {
    byte[] buf = new byte[BUFFER];
    while (!closed) {
      int n;
      try {
        n = (int) LibC.INSTANCE.recv(fd, buf, new NativeLong(buf.length), 0).longValue();
      } catch (LastErrorException e) {
        if (!closed && !recovered(e.getErrorCode())) {
          return;
        }
        continue;
      }
      RouteMessages.Batch batch = RouteMessages.parse(buf, n);
      if (batch.malformed() > 0) {
        malformed.addAndGet(batch.malformed());
        log.debug("kernel routes: {} malformed rtnetlink message(s) dropped", batch.malformed());
      }
      if (batch.error() != 0 && mirror.dumping()) {
        log.warn("kernel routes: the dump of table {} failed (errno {})", table, -batch.error());
      }
      boolean changed = mirror.apply(batch);
      overflowed.set(mirror.overflowed());
      if (changed) {
        try {
          listener.changed(mirror.prefixes());
        } catch (RuntimeException e) {
          log.error("kernel routes: the listener failed", e);
        }
      }
    }
  }

  /** Whether receiving goes on after {@code errno}: a time-out, a signal, a lost change. */
  private boolean recovered(int errno) {
    if (errno == LibC.EAGAIN || errno == LibC.EINTR) {
      return true;
    }
    if (errno == LibC.ENOBUFS) {
      log.warn(
          "kernel routes: route changes were lost (socket queue full); reading table {} anew",
          table);
      try {
        dump();
        return true;
      } catch (IOException e) {
        log.error("kernel routes: {}; no longer following table {}", e.getMessage(), table);
        return false;
      }
    }
    log.error(
        "kernel routes: receive failed: {}; no longer following table {}",
        LibC.describe(errno),
        table);
    return false;
  }

  @Override
  public long malformed() {
    return malformed.get();
  }

  @Override
  public long overflowed() {
    return overflowed.get();
  }

  @Override
  public void close() {
    closed = true;
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(RECEIVE_TIMEOUT_MS * 5L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeQuietly(fd);
  }

  private static byte[] native4(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
  }

  private static void closeQuietly(int fd) {
    try {
      LibC.INSTANCE.close(fd);
    } catch (LastErrorException ignored) {
      // nothing left to do with it
    }
  }
}
