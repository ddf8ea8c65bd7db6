package org.p2sgate.core.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Reads an OpenVPN 2.6 server config ({@code server.conf}) into a {@link ServerConfig}, so that an
 * existing OpenVPN server can be replaced without rewriting its configuration.
 *
 * <p>The syntax is OpenVPN's (see {@link OvpnLexer}). Relative file names are resolved against the
 * directory of the config file (OpenVPN uses its working directory; {@code cd} is not supported).
 * Directives p2sgate does not support are refused with the file and line rather than ignored; the
 * few that are harmless to ignore produce warnings that say why.
 */
public final class OpenVpnConfigParser {
  private final Clock clock;

  public OpenVpnConfigParser() {
    this(Clock.systemUTC());
  }

  /** With an explicit clock, used to check certificate validity dates. */
  public OpenVpnConfigParser(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Parses a config file. Messages name the file as given here.
   *
   * @throws ConfigException with a one-line message naming file and line
   */
  public ParsedConfig parse(Path file) throws ConfigException {
    String name = file.toString();
    String text = ConfigFiles.readConfig(file);
    Path dir = file.toAbsolutePath().getParent();
    return parse(text, name, dir);
  }

  /**
   * Parses config text.
   *
   * @param displayName how messages name the file, e.g. "server.conf"
   * @param baseDir directory that relative file names are resolved against
   */
  public ParsedConfig parse(String text, String displayName, Path baseDir) throws ConfigException {
    OvpnContext ctx = new OvpnContext(displayName, baseDir);
    for (OvpnDirective d : OvpnLexer.lex(text, displayName)) {
      OvpnDirectives.apply(d, ctx);
    }
    return ctx.finish(clock.instant());
  }
}
