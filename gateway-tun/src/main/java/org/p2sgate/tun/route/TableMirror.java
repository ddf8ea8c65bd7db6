package org.p2sgate.tun.route;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The unicast IPv4 prefixes of one kernel table, kept from {@link RouteMessages} as they arrive: a
 * dump first, then changes. A prefix may be in the table several times (other metrics); it stays
 * until the last of them goes. At most {@code bound} routes are kept (a table the gateway was not
 * meant to follow, a full Internet table, cannot exhaust its memory); more are counted.
 *
 * <p>Not thread-safe: one follower thread owns it.
 */
public final class TableMirror {
  private final int table;
  private final Predicate<Ipv4Prefix> wanted;
  private final int bound;

  /** Routes by prefix and metric. */
  private final Set<Key> routes = new HashSet<>();

  private boolean dumping;
  private long overflowed;

  private record Key(Ipv4Prefix prefix, int priority) {}

  /**
   * @param table the table to keep ({@code ip route show table N})
   * @param wanted which prefixes to keep at all
   * @param bound most routes kept
   */
  public TableMirror(int table, Predicate<Ipv4Prefix> wanted, int bound) {
    this.table = table;
    this.wanted = wanted;
    this.bound = bound;
  }

  /** A new dump starts (at start, or after the kernel dropped messages): forget everything. */
  public void resync() {
    routes.clear();
    dumping = true;
  }

  /**
   * Applies one buffer's messages; returns whether the listener should hear of it: the prefixes
   * changed and no dump is under way (a dump ends with {@code done}).
   */
  public boolean apply(RouteMessages.Batch batch) {
    Set<Ipv4Prefix> before = dumping ? null : prefixes();
    for (RouteMessages.Route r : batch.routes()) {
      if (r.table() != table || r.type() != RouteMessages.RTN_UNICAST || !wanted.test(r.prefix())) {
        continue;
      }
      Key k = new Key(r.prefix(), r.priority());
      if (!r.added()) {
        routes.remove(k);
      } else if (routes.contains(k) || routes.size() < bound) {
        routes.add(k);
      } else {
        overflowed++;
      }
    }
    if (dumping) {
      if (!batch.done()) {
        return false;
      }
      dumping = false;
      return true;
    }
    return !before.equals(prefixes());
  }

  /** The distinct prefixes now, sorted. */
  public Set<Ipv4Prefix> prefixes() {
    TreeSet<Ipv4Prefix> out = new TreeSet<>();
    for (Key k : routes) {
      out.add(k.prefix());
    }
    return java.util.Collections.unmodifiableSet(out);
  }

  /** Whether a dump is under way. */
  public boolean dumping() {
    return dumping;
  }

  /** Routes not kept because {@code bound} was reached. */
  public long overflowed() {
    return overflowed;
  }
}
