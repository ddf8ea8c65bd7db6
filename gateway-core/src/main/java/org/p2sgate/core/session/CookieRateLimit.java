package org.p2sgate.core.session;

import java.util.HashMap;
import java.util.Map;

/**
 * Bounds the stateless reset replies (cookies) the gateway sends, as the reference's {@code
 * --connect-freq-initial} does, so that it cannot be used as a reflector; but per source first: an
 * address (IPv4, or IPv6 /64) gets {@value #PER_SOURCE} replies per window, its network (IPv4 /24,
 * IPv6 /48) {@value #PER_NETWORK}, and everyone {@value #GLOBAL} in all. A refused request counts
 * against nothing, so a flooder holding the profile's tls-crypt key spends only its own share and a
 * real client from elsewhere is still answered.
 *
 * <p>The global bound is higher than the reference's 100 per 10 s: a gateway of 10,000 clients that
 * restarts must answer them all within a minute, and a reply is no larger than the request it
 * answers (no amplification). Memory is bounded: at most {@value #MAX_TRACKED} prefixes are
 * remembered per window; further ones share one bucket.
 */
final class CookieRateLimit {
  static final long WINDOW_MS = 10_000;
  static final int PER_SOURCE = 20;
  static final int PER_NETWORK = 100;
  static final int GLOBAL = 5_000;
  static final int MAX_TRACKED = 16_384;

  private final Map<SourcePrefix, Integer> counts = new HashMap<>();
  private long windowStart = Long.MIN_VALUE;
  private int total;

  /** Whether a reply to {@code peer} may go out now; counts it if so. */
  boolean allow(Peer peer, long now) {
    if (windowStart == Long.MIN_VALUE || now - windowStart >= WINDOW_MS) {
      windowStart = now;
      total = 0;
      counts.clear();
    }
    SourcePrefix source = tracked(SourcePrefix.of(peer, 32, 64));
    SourcePrefix network = tracked(SourcePrefix.of(peer, 24, 48));
    if (counts.getOrDefault(source, 0) >= PER_SOURCE
        || counts.getOrDefault(network, 0) >= PER_NETWORK
        || total >= GLOBAL) {
      return false;
    }
    counts.merge(source, 1, Integer::sum);
    counts.merge(network, 1, Integer::sum);
    total++;
    return true;
  }

  private SourcePrefix tracked(SourcePrefix p) {
    return counts.size() < MAX_TRACKED || counts.containsKey(p) ? p : SourcePrefix.UNKNOWN;
  }
}
