package org.p2sgate.core.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps the start-up warm-up's own sessions out of the log: below WARN, nothing logged on the
 * thread {@value #THREAD} is written (the warm-up logs its summary from the starting thread).
 * Installed by {@code logback.xml}.
 */
public final class WarmupLogFilter extends TurboFilter {
  /** The warm-up thread's name (server.Warmup). */
  public static final String THREAD = "p2sgate-warmup";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != null
        && !level.isGreaterOrEqual(Level.WARN)
        && THREAD.equals(Thread.currentThread().getName())) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
