package org.p2sgate.core.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.p2sgate.core.config.RouteSettings;
import org.p2sgate.tun.route.Ipv4Prefix;

/**
 * The learned routes pushed to clients: the prefixes of the followed kernel table that {@code
 * include}/{@code exclude} let through, none overlapping the client pool, at most {@code max} of
 * them (the first by address, so the choice is stable), as {@code route NETWORK MASK} options.
 * Pure; the owner feeds it each new table and asks whether the pushed set changed.
 */
public final class LearnedRoutes {
  private final RouteSettings settings;
  private final Ipv4Prefix pool;
  private List<Ipv4Prefix> current = List.of();
  private int leftOut;

  /**
   * @param settings {@code routes.from-kernel}
   * @param pool the client pool, never pushed as a route nor any part of it
   */
  public LearnedRoutes(RouteSettings settings, Ipv4Prefix pool) {
    this.settings = settings;
    this.pool = pool;
  }

  /** Whether a prefix of the table is to be kept at all (before {@code max}). */
  public boolean wanted(Ipv4Prefix p) {
    return settings.wanted(p) && !p.overlaps(pool);
  }

  /** Takes the table's prefixes now; returns whether the pushed set changed. */
  public boolean offer(Collection<Ipv4Prefix> table) {
    TreeSet<Ipv4Prefix> kept = new TreeSet<>();
    for (Ipv4Prefix p : table) {
      if (wanted(p)) {
        kept.add(p);
      }
    }
    List<Ipv4Prefix> next = new ArrayList<>(settings.max());
    for (Ipv4Prefix p : kept) {
      if (next.size() == settings.max()) {
        break;
      }
      next.add(p);
    }
    leftOut = kept.size() - next.size();
    if (next.equals(current)) {
      return false;
    }
    current = List.copyOf(next);
    return true;
  }

  /** The prefixes pushed now, by address. */
  public List<Ipv4Prefix> current() {
    return current;
  }

  /** The pushed prefixes as OpenVPN options ({@code route 10.1.0.0 255.255.0.0}). */
  public List<String> options() {
    return options(current);
  }

  /** {@code prefixes} as {@code route} options. */
  public static List<String> options(List<Ipv4Prefix> prefixes) {
    List<String> out = new ArrayList<>(prefixes.size());
    for (Ipv4Prefix p : prefixes) {
      out.add("route " + p.addressText() + " " + p.maskText());
    }
    return List.copyOf(out);
  }

  /** Wanted prefixes of the last table that {@code max} left out. */
  public int leftOut() {
    return leftOut;
  }
}
