package org.p2sgate.core.session;

/**
 * Bounds how many stateless reset replies the gateway sends per second, like the reference's {@code
 * --connect-freq-initial} (default 100 per 10 s), so it cannot be used as a reflector.
 */
final class CookieRateLimit {
  static final int MAX_PER_WINDOW = 100;
  static final long WINDOW_MS = 10_000;
  private long windowStart = Long.MIN_VALUE;
  private int count;

  boolean allow(long now) {
    if (now - windowStart >= WINDOW_MS || windowStart == Long.MIN_VALUE) {
      windowStart = now;
      count = 0;
    }
    return ++count <= MAX_PER_WINDOW;
  }
}
