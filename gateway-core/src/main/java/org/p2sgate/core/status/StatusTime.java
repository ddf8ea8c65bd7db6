package org.p2sgate.core.status;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Times as the reference's {@code time_string} prints them since 2.6 ({@code 2026-12-02 05:44:09},
 * local time), and as {@code time_t} (whole seconds since the epoch).
 */
final class StatusTime {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private StatusTime() {}

  static String text(long epochMs, ZoneId zone) {
    return FORMAT.format(Instant.ofEpochMilli(epochMs).atZone(zone));
  }

  static String timeT(long epochMs) {
    return Long.toString(Math.floorDiv(epochMs, 1000));
  }
}
