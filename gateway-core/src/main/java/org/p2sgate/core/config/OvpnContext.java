package org.p2sgate.core.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * State while reading one OpenVPN config file: the draft being filled in, the warnings so far, and
 * what later checks need to know about earlier directives (which line set what).
 */
final class OvpnContext {
  final String file;
  final Path baseDir;
  final ConfigDraft draft = new ConfigDraft();
  final List<String> warnings = new ArrayList<>();

  int devLine;
  int serverLine;
  int serverIpv6Line;
  int topologyLine;
  int keepaliveLine;
  int pingLine;
  int tlsAuthLine;
  int tlsCryptLine;
  int keyDirectionLine;
  int dataCiphersLine;
  int listenFamily; // 0 = any, 4 or 6 from "proto udp4/udp6/..."
  InetAddress local;
  String cipher; // from the deprecated "cipher" directive
  int cipherLine;

  OvpnContext(String file, Path baseDir) {
    this.file = file;
    this.baseDir = baseDir;
  }

  Where at(OvpnDirective d) {
    return Where.line(file, d.line());
  }

  Where at(int line) {
    return Where.line(file, line);
  }

  ConfigException error(OvpnDirective d, String message) {
    return at(d).error(message);
  }

  void warn(OvpnDirective d, String message) {
    warnings.add(at(d).note(message));
  }

  /** The text of an inline block, or of the file named by the first argument. */
  String content(OvpnDirective d) throws ConfigException {
    if (d.isInline()) {
      return d.inline();
    }
    Path path = ConfigFiles.resolve(baseDir, d.arg(0));
    return ConfigFiles.read(path, at(d), "'" + d.name() + "' file");
  }

  /** The {@code i}th argument as an integer in {@code [min, max]}. */
  int intArg(OvpnDirective d, int i, int min, int max) throws ConfigException {
    String text = d.arg(i);
    if (!text.isEmpty() && text.length() <= 10 && text.chars().allMatch(Character::isDigit)) {
      long v = Long.parseLong(text);
      if (v >= min && v <= max) {
        return (int) v;
      }
    }
    throw error(
        d,
        "'" + d.name() + "' must be a number from " + min + " to " + max + ", got '" + text + "'");
  }

  /** The {@code i}th argument as whole seconds in {@code [min, max]}. */
  Duration secondsArg(OvpnDirective d, int i, int min, int max) throws ConfigException {
    return Duration.ofSeconds(intArg(d, i, min, max));
  }

  /** Whole-file checks once every directive has been seen. */
  ParsedConfig finish(Instant now) throws ConfigException {
    Where whole = Where.file(file);
    if (devLine == 0) {
      throw whole.error("missing 'dev tun' (the TUN device the gateway routes through)");
    }
    if (serverLine == 0) {
      throw whole.error(
          "missing 'server NETWORK NETMASK' (the client address pool, e.g. server 10.8.0.0"
              + " 255.255.255.0)");
    }
    if (topologyLine == 0) {
      warnings.add(
          whole.note(
              "no 'topology' given: OpenVPN 2.6 would default to net30, p2sgate always uses"
                  + " 'topology subnet' and pushes it (clients follow the pushed topology); add"
                  + " 'topology subnet' to silence this"));
    }
    for (var required : List.of("ca", "cert", "key")) {
      ConfigDraft.Pem pem =
          switch (required) {
            case "ca" -> draft.ca;
            case "cert" -> draft.cert;
            default -> draft.key;
          };
      if (pem == null) {
        throw whole.error("missing '" + required + "' (file or inline <" + required + "> block)");
      }
    }
    if (tlsAuthLine != 0 && tlsCryptLine != 0) {
      int later = Math.max(tlsAuthLine, tlsCryptLine);
      int earlier = Math.min(tlsAuthLine, tlsCryptLine);
      throw at(later)
          .error(
              "'tls-auth' and 'tls-crypt' cannot both be used (the other is at line "
                  + earlier
                  + "); keep one of them");
    }
    if (keyDirectionLine != 0 && tlsAuthLine == 0) {
      throw at(keyDirectionLine)
          .error("'key-direction' only applies to 'tls-auth', which is not configured");
    }
    if (cipher != null) {
      OvpnTlsDirectives.applyCipher(this);
    }
    if (local != null) {
      draft.listenAddress = local;
    } else if (listenFamily != 0) {
      draft.listenAddress = Inet.anyLocal(listenFamily);
    }
    if (draft.pool6 != null) {
      long v4Clients = (1L << (32 - draft.pool.prefix())) - 3;
      String problem =
          org.p2sgate.core.ippool.Ipv6Pool.capacityProblem(draft.pool6.prefix(), v4Clients);
      if (problem != null) {
        throw at(serverIpv6Line)
            .error("'server-ipv6': " + problem + " (server at line " + serverLine + ")");
      }
      if (draft.pool6.contains(draft.listenAddress)) {
        throw at(serverIpv6Line)
            .error(
                "'server-ipv6': the listen address "
                    + org.p2sgate.core.ippool.Ipv6Text.of(draft.listenAddress)
                    + " lies inside the tunnel network "
                    + draft.pool6);
      }
    }
    ServerConfig config = draft.build(file, warnings, now);
    return new ParsedConfig(config, warnings);
  }
}
