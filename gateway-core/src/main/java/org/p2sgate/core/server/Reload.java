package org.p2sgate.core.server;

import java.time.Clock;
import java.util.List;
import org.p2sgate.auth.cert.RevocationList;
import org.p2sgate.auth.cert.TrustStore;
import org.p2sgate.core.admin.ReloadRefused;
import org.p2sgate.core.config.ConfigException;
import org.p2sgate.core.config.ConfigSource;
import org.p2sgate.core.config.ParsedConfig;
import org.p2sgate.core.config.RestartKeys;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.session.GatewayContext;

/**
 * A reload made ready off the event loop (decision 16): the configuration read again and checked,
 * and the new sessions' context built around what outlives it. Applying it is the gateway's job, on
 * its loop.
 *
 * @param config the configuration read again
 * @param context what new sessions get
 * @param revocations its revocation lists, to watch and to check connected sessions against
 * @param warnings what the configuration's reader had to say
 */
record Reload(
    ServerConfig config,
    GatewayContext context,
    RevocationList revocations,
    List<String> warnings) {

  /**
   * Reads {@code source} and prepares what it says.
   *
   * @throws ReloadRefused when it cannot be read or checked, or changes a setting that needs a
   *     restart; the message says which and that the running configuration stays
   */
  static Reload prepare(
      ConfigSource source, ServerConfig running, Clock clock, Contexts.Lasting lasting)
      throws ReloadRefused {
    if (source == null) {
      throw new ReloadRefused(
          "not reloaded: this gateway was not started from a configuration file");
    }
    try {
      ParsedConfig parsed = source.load();
      ServerConfig next = parsed.config();
      List<String> restart = RestartKeys.changed(running, next);
      if (!restart.isEmpty()) {
        throw new ReloadRefused(
            "not reloaded: "
                + String.join(", ", restart)
                + (restart.size() == 1 ? " changed, which needs" : " changed, which need")
                + " a restart; still running the previous configuration");
      }
      TrustStore trust = Contexts.trustStore(next);
      RevocationList revocations = Contexts.revocations(next, trust);
      return new Reload(
          next,
          Contexts.context(next, clock, trust, revocations, lasting),
          revocations,
          parsed.warnings());
    } catch (ConfigException | StartupException e) {
      throw new ReloadRefused(
          "not reloaded: " + e.getMessage() + "; still running the previous configuration");
    }
  }
}
