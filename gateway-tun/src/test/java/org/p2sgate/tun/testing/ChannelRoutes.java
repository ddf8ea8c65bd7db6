package org.p2sgate.tun.testing;

import java.util.Set;
import java.util.TreeSet;
import org.p2sgate.tun.route.Ipv4Prefix;
import org.p2sgate.tun.route.KernelRoutes;

/**
 * An in-memory {@link KernelRoutes}, the twin of {@code NetlinkRoutes} for tests: {@link #set}
 * plays the kernel table changing; the listener hears of it on the calling thread, as it would on
 * the follower's.
 */
public final class ChannelRoutes implements KernelRoutes {
  private Set<Ipv4Prefix> table = Set.of();
  private Listener listener;
  private boolean closed;

  @Override
  public synchronized void follow(Listener l) {
    this.listener = l;
    l.changed(table);
  }

  /** The table now holds exactly {@code prefixes}; the listener hears if that is a change. */
  public void set(Ipv4Prefix... prefixes) {
    Listener l;
    Set<Ipv4Prefix> next = java.util.Collections.unmodifiableSet(new TreeSet<>(Set.of(prefixes)));
    synchronized (this) {
      if (next.equals(table) || closed) {
        return;
      }
      table = next;
      l = listener;
    }
    if (l != null) {
      l.changed(next);
    }
  }

  public synchronized boolean closed() {
    return closed;
  }

  @Override
  public long malformed() {
    return 0;
  }

  @Override
  public long overflowed() {
    return 0;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }
}
