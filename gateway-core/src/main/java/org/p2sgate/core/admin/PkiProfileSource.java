package org.p2sgate.core.admin;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.pki.PkiException;
import org.p2sgate.core.pki.Profiles;

/**
 * Profiles made from the gateway's own configuration and its {@code profiles.pki} folder: the
 * configuration running at the time of the request (a reload may change it).
 */
public final class PkiProfileSource implements ProfileSource {
  private final Supplier<ServerConfig> running;
  private final Clock clock;

  private PkiProfileSource(Supplier<ServerConfig> running, Clock clock) {
    this.running = running;
    this.clock = clock;
  }

  /** The source for the configuration {@code running} gives at each request. */
  public static ProfileSource of(Supplier<ServerConfig> running, Clock clock) {
    return new PkiProfileSource(running, clock);
  }

  @Override
  public Outcome profile(String user, Map<String, String> query) {
    ServerConfig config = running.get();
    if (config.profiles() == null) {
      return NONE.profile(user, query);
    }
    Profiles.Format format;
    try {
      format = Profiles.Format.parse(query.getOrDefault("format", "ovpn"));
    } catch (IllegalArgumentException e) {
      return new Outcome.Refused(400, e.getMessage());
    }
    try {
      Profiles.Export e =
          Profiles.make(
              config,
              config.profiles().pkiDir(),
              new Profiles.Request(user, format, List.of(), query.get("policy")),
              clock);
      return new Outcome.Made(e.fileName(), e.contentType(), e.body());
    } catch (PkiException e) {
      int status =
          switch (e.kind()) {
            case INVALID -> 400;
            case NOT_FOUND -> 404;
            case STATE -> 409;
          };
      return new Outcome.Refused(status, e.getMessage());
    } catch (IOException e) {
      return new Outcome.Refused(500, "cannot read the PKI: " + e.getMessage());
    }
  }
}
