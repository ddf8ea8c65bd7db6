package org.p2sgate.core.status;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.p2sgate.core.session.SessionInfo;

/**
 * What a status report is made of: the server's title line, the time it is made, the zone its times
 * are printed in (the reference prints local time), and the admitted sessions.
 *
 * @param title the server's title, as {@code TITLE} and the management {@code version} show it
 * @param nowMs when the report is made (epoch milliseconds)
 * @param zone the zone times are printed in
 * @param sessions the admitted sessions
 */
public record StatusReport(String title, long nowMs, ZoneId zone, List<SessionInfo> sessions) {
  public StatusReport {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(zone, "zone");
    sessions = List.copyOf(sessions);
  }
}
