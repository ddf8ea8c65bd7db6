package org.p2sgate.core.config;

import java.time.Duration;

/** Parses operator-friendly durations: "90" (seconds), "10s", "5m", "1h", "1d". */
final class Durations {
  /** Longer than any sensible timer; keeps arithmetic on durations far from overflow. */
  private static final long MAX_SECONDS = 366L * 24 * 3600;

  private Durations() {}

  static Duration parse(String text) throws ValueException {
    String t = text.strip();
    if (t.isEmpty()) {
      throw new ValueException("empty duration");
    }
    char unit = t.charAt(t.length() - 1);
    long factor =
        switch (unit) {
          case 's' -> 1;
          case 'm' -> 60;
          case 'h' -> 3600;
          case 'd' -> 86400;
          default -> 0;
        };
    String digits = factor == 0 ? t : t.substring(0, t.length() - 1);
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
      throw new ValueException(
          "invalid duration '"
              + text
              + "': use seconds (\"90\") or a unit (\"10s\", \"5m\", \"1h\")");
    }
    long seconds = Long.parseLong(digits) * (factor == 0 ? 1 : factor);
    if (seconds > MAX_SECONDS) {
      throw new ValueException("duration '" + text + "' is too long (at most 366 days)");
    }
    return Duration.ofSeconds(seconds);
  }

  /** A whole number of seconds as OpenVPN directives take them. */
  static Duration seconds(String text) throws ValueException {
    if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
      throw new ValueException("expected a number of seconds, got '" + text + "'");
    }
    long seconds = Long.parseLong(text);
    if (seconds > MAX_SECONDS) {
      throw new ValueException(seconds + " seconds is too long (at most 366 days)");
    }
    return Duration.ofSeconds(seconds);
  }
}
