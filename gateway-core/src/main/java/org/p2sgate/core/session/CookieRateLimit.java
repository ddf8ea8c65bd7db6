package org.p2sgate.core.session;

import java.util.HashMap;
import java.util.Map;
import org.p2sgate.core.config.ConnectRate;

/**
 * Bounds the stateless reset replies (cookies) the gateway sends, as the reference's {@code
 * --connect-freq-initial} does, so that it cannot be used as a reflector; but per source first: an
 * address (IPv4, or IPv6 /64) gets {@link ConnectRate#perSource()} replies per window, its network
 * (IPv4 /24, IPv6 /48) {@link ConnectRate#perNetwork()}, and everyone {@link ConnectRate#total()}
 * in all (configured as {@code connect-rate}; defaults 20, 100 and 5,000 per 10 s). A refused
 * request counts against nothing, so a flooder holding the profile's tls-crypt key spends only its
 * own share and a real client from elsewhere is still answered.
 *
 * <p>The default global bound is higher than the reference's 100 per 10 s: a gateway of 10,000
 * clients that restarts must answer them all within a minute, and a reply is no larger than the
 * request it answers (no amplification). Memory is bounded: at most {@value #MAX_TRACKED} prefixes
 * are remembered per window; further ones share one bucket. One instance serves every session table
 * of a gateway (synchronized).
 */
final class CookieRateLimit {
  static final int MAX_TRACKED = 16_384;

  private ConnectRate limits;

  private final Map<SourcePrefix, Integer> counts = new HashMap<>();
  private long windowStart = Long.MIN_VALUE;
  private int total;

  CookieRateLimit(ConnectRate limits) {
    this.limits = limits;
  }

  /** New limits (a reload), from the next window on. */
  synchronized void limits(ConnectRate next) {
    this.limits = next;
  }

  /** Whether a reply to {@code peer} may go out now; counts it if so. */
  synchronized boolean allow(Peer peer, long now) {
    if (windowStart == Long.MIN_VALUE || now - windowStart >= limits.window().toMillis()) {
      windowStart = now;
      total = 0;
      counts.clear();
    }
    SourcePrefix source = tracked(SourcePrefix.of(peer, 32, 64));
    SourcePrefix network = tracked(SourcePrefix.of(peer, 24, 48));
    if (counts.getOrDefault(source, 0) >= limits.perSource()
        || counts.getOrDefault(network, 0) >= limits.perNetwork()
        || total >= limits.total()) {
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
