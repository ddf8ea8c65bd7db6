package org.p2sgate.core.config;

import java.util.List;
import java.util.Objects;
import org.p2sgate.tun.route.Ipv4Prefix;

/**
 * {@code routes.from-kernel}: the prefixes of a kernel routing table (where a BGP daemon exports
 * what it learned) pushed to clients along with the configured routes.
 *
 * @param table the kernel table followed ({@code ip route show table N})
 * @param include a learned prefix is pushed only if one of these contains it
 * @param exclude ... and none of these does
 * @param max most learned prefixes pushed; more are left out (and counted)
 * @param onChange what 2.6 clients, which cannot take a PUSH_UPDATE, do when the set changes
 * @param reconnectPerSecond with {@link OnChange#RECONNECT}: clients told to reconnect per second,
 *     at most
 */
public record RouteSettings(
    int table,
    List<Ipv4Prefix> include,
    List<Ipv4Prefix> exclude,
    int max,
    OnChange onChange,
    int reconnectPerSecond) {

  /** Default {@code max}. */
  public static final int DEFAULT_MAX = 1000;

  /** Default rolling-reconnect pace. */
  public static final int DEFAULT_RECONNECT_PER_SECOND = 5;

  /** What a client that cannot take a PUSH_UPDATE does when the learned routes change. */
  public enum OnChange {
    /** It keeps the routes it got until it reconnects of its own accord. */
    KEEP,
    /** It is told to reconnect ({@code RESTART}), a few clients at a time. */
    RECONNECT
  }

  public RouteSettings {
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
    Objects.requireNonNull(onChange, "onChange");
    if (include.isEmpty()) {
      throw new IllegalArgumentException("include must name at least one prefix");
    }
    if (max < 1 || reconnectPerSecond < 1) {
      throw new IllegalArgumentException("max and reconnectPerSecond must be at least 1");
    }
  }

  /** Whether {@code p} is to be pushed by include and exclude. */
  public boolean wanted(Ipv4Prefix p) {
    return include.stream().anyMatch(i -> i.contains(p))
        && exclude.stream().noneMatch(e -> e.contains(p));
  }
}
