package org.p2sgate.tun.route;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;

/**
 * Follows one kernel routing table: tells its listener the table's IPv4 prefixes at start and again
 * after every change, on a thread of its own, until closed.
 */
public interface KernelRoutes extends Closeable {

  /** Receives the followed table's prefixes (only those the follower was asked to keep). */
  @FunctionalInterface
  interface Listener {
    /** The table's prefixes now: an unmodifiable snapshot, called only when they changed. */
    void changed(Set<Ipv4Prefix> prefixes);
  }

  /** Starts following; the listener's first call carries the table as it is. */
  void follow(Listener listener) throws IOException;

  /** Kernel messages dropped as malformed so far. */
  long malformed();

  /** Routes not kept because the follower's bound was reached, so far. */
  long overflowed();
}
