package org.p2sgate.core.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The admin HTTP listener: health, readiness, metrics, and (with the bearer token) the sessions
 * API.
 *
 * @param listen where it listens; loopback unless the operator says otherwise
 * @param tokenFile the file holding the bearer token (created with a random token if missing)
 */
public record AdminSettings(InetSocketAddress listen, Path tokenFile) {
  /** Where the admin API listens when only a token file is given. */
  public static final int DEFAULT_PORT = 9194;

  public AdminSettings {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(tokenFile, "tokenFile");
  }
}
