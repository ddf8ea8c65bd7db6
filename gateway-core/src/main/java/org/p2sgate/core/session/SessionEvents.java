package org.p2sgate.core.session;

import org.p2sgate.core.observe.LogText;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The fields every session event of the log carries, with fixed names, so that log stores (Loki,
 * Elastic) take {@code log: { format: json }} lines as they are: {@code event} (connect, login,
 * renegotiation, revoked, disconnect), {@code session} (the id the admin API and RADIUS accounting
 * use), {@code source}, {@code transport} and, once known, {@code user}. Each event adds its own
 * ({@code result}, {@code method}, {@code reason}, {@code cause}, {@code address}, ...). The text
 * message stays as it was, for people and for text logs.
 *
 * <p>Nothing secret goes in: names, addresses, counts, why a login was refused; user-supplied text
 * passes through {@link LogText}.
 */
final class SessionEvents {
  private SessionEvents() {}

  static LoggingEventBuilder event(LoggingEventBuilder b, String event, ClientSession s) {
    return event(b, event, s, s.user());
  }

  /** As {@link #event(LoggingEventBuilder, String, ClientSession)}, naming {@code user}. */
  static LoggingEventBuilder event(
      LoggingEventBuilder b, String event, ClientSession s, String user) {
    b.addKeyValue("event", event)
        .addKeyValue("session", s.sessionIdHex())
        .addKeyValue("source", s.peer.describe())
        .addKeyValue("transport", s.transport());
    if (user != null && !user.isEmpty()) {
      b.addKeyValue("user", LogText.printable(user));
    }
    return b;
  }
}
