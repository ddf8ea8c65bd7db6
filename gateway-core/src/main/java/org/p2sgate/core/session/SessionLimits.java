package org.p2sgate.core.session;

import java.util.Map;
import org.p2sgate.core.observe.CloseCause;

/**
 * What authentication's attributes set for an admitted session's timers: RADIUS Session-Timeout
 * (RFC 2865 5.27: the most service to give before the client must log in again) and
 * Acct-Interim-Interval (RFC 2869 5.16: this session's interim accounting period, 60 s at least),
 * over the configured interim interval.
 */
final class SessionLimits {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(SessionLimits.class);

  /** RFC 2869 5.16: the interval SHOULD NOT be smaller than 60 seconds. */
  static final long MIN_INTERIM_MS = 60_000;

  private SessionLimits() {}

  static void apply(ClientSession s, Map<String, String> attributes, long now) {
    long timeout = seconds(attributes.get("Session-Timeout"));
    if (timeout > 0) {
      s.sessionEndsAt = now + timeout * 1000;
    }
    long every = s.ctx.listener().interimInterval().toMillis();
    long asked = seconds(attributes.get("Acct-Interim-Interval"));
    if (every > 0 && asked > 0) {
      every = Math.max(MIN_INTERIM_MS, asked * 1000);
    }
    if (every > 0) {
      s.interimEveryMs = every;
      s.interimDueAt = now + every;
    }
  }

  /** Interim totals when due; at Session-Timeout, tells the client to reconnect and log in. */
  static void onTick(ClientSession s, long now) {
    if (now >= s.interimDueAt) {
      s.ctx
          .listener()
          .interim(
              s.sessionIdHex(), s.data.bytesIn, s.data.bytesOut, now - s.login().establishedAt());
      s.interimDueAt += s.interimEveryMs;
    }
    if (now >= s.sessionEndsAt) {
      s.sessionEndsAt = Long.MAX_VALUE;
      log.info("{}: Session-Timeout reached: the client must reconnect and log in again", s);
      s.control.sendMessage(s.primary, "RESTART", now);
      s.scheduleClose(
          CloseCause.SESSION_TIMEOUT, "Session-Timeout reached", now + AuthReplies.LINGER_MS);
    }
  }

  /** How long an auth-token issued at this login may be valid: no longer than Session-Timeout. */
  static java.time.Duration tokenLifetime(org.p2sgate.auth.AuthResult.Accepted login) {
    long timeout = seconds(login.attributes().get("Session-Timeout"));
    return timeout > 0
        ? java.time.Duration.ofSeconds(timeout)
        : java.time.temporal.ChronoUnit.FOREVER.getDuration();
  }

  /** A whole number of seconds as authentication wrote it, or -1 when absent or malformed. */
  static long seconds(String text) {
    if (text == null || text.isEmpty() || text.length() > 10) {
      return -1;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(text);
  }
}
