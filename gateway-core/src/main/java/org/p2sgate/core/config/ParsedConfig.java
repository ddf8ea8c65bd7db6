package org.p2sgate.core.config;

import java.util.List;
import java.util.Objects;

/**
 * The result of reading a configuration file.
 *
 * @param config the validated configuration
 * @param warnings one-line, operator-facing notes ("server.conf:9: 'persist-tun' ignored: ..."), in
 *     file order; the launcher logs them at WARN before starting
 */
public record ParsedConfig(ServerConfig config, List<String> warnings) {
  public ParsedConfig {
    Objects.requireNonNull(config, "config");
    warnings = List.copyOf(warnings);
  }
}
