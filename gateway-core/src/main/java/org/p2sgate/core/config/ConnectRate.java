package org.p2sgate.core.config;

import java.time.Duration;

/**
 * How many new UDP sessions the gateway answers (stateless reset replies, the cookie) per window:
 * per source address (IPv6: /64), per source network (IPv4 /24, IPv6 /48) and in all. The
 * reference's {@code --connect-freq-initial N S} is the {@code total} and the {@code window}.
 *
 * <p>An office behind one NAT address reconnecting at once (after a gateway restart, say) needs
 * {@code per-source} at least its head count per window; the defaults let 20 clients of one address
 * and 100 of one /24 in every 10 s, and 5,000 in all.
 */
public record ConnectRate(Duration window, int perSource, int perNetwork, int total) {
  public static final ConnectRate DEFAULT = new ConnectRate(Duration.ofSeconds(10), 20, 100, 5_000);

  /** Largest value of each count. */
  public static final int MAX = 1_000_000;

  public ConnectRate {
    if (window == null || window.toMillis() < 1_000 || window.toSeconds() > 3_600) {
      throw new IllegalArgumentException("connect-rate window must be 1s..1h, got " + window);
    }
    if (perSource < 1 || perNetwork < 1 || total < 1) {
      throw new IllegalArgumentException("connect-rate counts must be at least 1");
    }
    if (perSource > MAX || perNetwork > MAX || total > MAX) {
      throw new IllegalArgumentException("connect-rate counts must be at most " + MAX);
    }
  }
}
