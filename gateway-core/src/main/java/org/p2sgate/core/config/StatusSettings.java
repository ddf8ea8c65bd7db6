package org.p2sgate.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * OpenVPN's status file ({@code status FILE SECONDS}, {@code status-version N}): which file, how
 * often it is rewritten, and in which of the reference's three formats. The version also answers a
 * management {@code status} command given without one, as in the reference.
 *
 * @param file where the status is written, or {@code null} for no file
 * @param interval how often it is rewritten
 * @param version the format: 1 (the reference's default), 2 (comma) or 3 (tab)
 */
public record StatusSettings(Path file, Duration interval, int version) {
  /** The reference's default interval ({@code status FILE} without seconds). */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

  /** No status file; {@code status} over the management interface in format 1. */
  public static final StatusSettings NONE = new StatusSettings(null, DEFAULT_INTERVAL, 1);

  public StatusSettings {
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("status interval must be at least 1 s");
    }
    if (version < 1 || version > 3) {
      throw new IllegalArgumentException("status version must be 1, 2 or 3, got " + version);
    }
  }
}
