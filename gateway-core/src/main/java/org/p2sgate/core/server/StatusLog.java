package org.p2sgate.core.server;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.p2sgate.core.observe.LogText;
import org.p2sgate.core.session.SessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The status written to the log on SIGUSR2, as OpenVPN does: a summary, then a line a session. */
final class StatusLog {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  private StatusLog() {}

  static void write(Map<String, Object> summary, List<SessionInfo> sessions) {
    log.info("status: {}", summary);
    for (SessionInfo s : sessions) {
      log.info(
          "status: session {} user={} real={} tunnel={} {} {} in={}B/{}p out={}B/{}p since={}",
          s.id(),
          LogText.printable(s.user()),
          s.realAddress(),
          s.tunnelAddress(),
          s.transport(),
          s.cipher(),
          s.bytesIn(),
          s.packetsIn(),
          s.bytesOut(),
          s.packetsOut(),
          Instant.ofEpochMilli(s.connectedSinceMs()));
    }
  }
}
