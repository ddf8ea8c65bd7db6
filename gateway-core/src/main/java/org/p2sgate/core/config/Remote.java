package org.p2sgate.core.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where clients connect: one {@code remote} line of a client profile. Written {@code
 * HOST[:PORT[:PROTO]]} ({@code [IPv6]:PORT:PROTO} for IPv6 addresses); a missing port or protocol
 * is taken from the gateway's own listener.
 *
 * @param host a host name or address (no blanks, no leading '-')
 * @param port the port, or 0 for the gateway's
 * @param proto "udp", "tcp", or {@code null} for each transport the gateway listens on
 */
public record Remote(String host, int port, String proto) {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:_-]{1,253}");
  private static final Pattern SPEC =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]]+)(?::(\\d{1,5}))?(?::([A-Za-z]+))?");

  public Remote {
    Objects.requireNonNull(host, "host");
    if (!HOST.matcher(host).matches() || host.startsWith("-")) {
      throw new IllegalArgumentException("'" + host + "' is not a host name or address");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    if (proto != null && !proto.equals("udp") && !proto.equals("tcp")) {
      throw new IllegalArgumentException("protocol must be udp or tcp, got '" + proto + "'");
    }
  }

  /**
   * Parses {@code HOST[:PORT[:PROTO]]}.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static Remote parse(String text) {
    Matcher m = SPEC.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "remote must be HOST[:PORT[:PROTO]] (IPv6 as [ADDR]:PORT:PROTO), got '" + text + "'");
    }
    String host = m.group(1);
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    if (m.group(2) != null && port == 0) {
      throw new IllegalArgumentException("port must be 1..65535 in '" + text + "'");
    }
    String proto = m.group(3) == null ? null : m.group(3).toLowerCase(Locale.ROOT);
    return new Remote(host, port, proto);
  }

  @Override
  public String toString() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return h + (port == 0 ? "" : ":" + port) + (proto == null ? "" : ":" + proto);
  }
}
