package org.p2sgate.core.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.p2sgate.core.config.YamlModel.Scalar;

/**
 * The YAML blocks for operators' existing OpenVPN tools:
 *
 * <pre>
 * status: { file: /run/p2sgate/status.txt, interval: 10s, version: 2 }
 * management: { listen: 127.0.0.1:7505, password-file: mgmt.pw }   # or listen: unix:/run/p2s.sock
 * </pre>
 */
final class YamlOperator {
  private YamlOperator() {}

  static StatusSettings status(YamlModel.Status s, YamlConverter y) throws ConfigException {
    Duration interval =
        s.interval() == null
            ? StatusSettings.DEFAULT_INTERVAL
            : y.duration(s.interval(), "status.interval", Duration.ofSeconds(1));
    int version = s.version() == null ? 1 : y.integer(s.version(), "status.version", 1, 3);
    Scalar file = y.required(s.file(), "status.file", "where the status file is written");
    return new StatusSettings(y.resolve(file.text()), interval, version);
  }

  static ManagementSettings management(YamlModel.Management m, YamlConverter y)
      throws ConfigException {
    Scalar listen =
        y.required(
            m.listen(),
            "management.listen",
            "127.0.0.1:PORT, or unix:PATH for a unix socket, e.g. listen: 127.0.0.1:7505");
    String password = m.passwordFile() == null ? null : password(m.passwordFile(), y);
    String text = listen.text();
    if (text.startsWith("unix:") && text.length() > "unix:".length()) {
      return new ManagementSettings(null, y.resolve(text.substring("unix:".length())), password);
    }
    int colon = text.lastIndexOf(':');
    int port = -1;
    if (colon > 0) {
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (port < 1 || port > 65535) {
      throw y.error(
          listen, "management.listen", "expected 127.0.0.1:PORT or unix:PATH, got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress address;
    try {
      address =
          host.equals("localhost") ? InetAddress.getLoopbackAddress() : Inet.address(host, false);
    } catch (ValueException e) {
      throw y.error(listen, "management.listen", e.getMessage());
    }
    if (!address.isLoopbackAddress()) {
      throw y.error(
          listen,
          "management.listen",
          host
              + " is not a loopback address: the management interface listens on loopback only"
              + " (127.0.0.1, ::1) or a unix socket (unix:PATH)");
    }
    return new ManagementSettings(new InetSocketAddress(address, port), null, password);
  }

  private static String password(Scalar f, YamlConverter y) throws ConfigException {
    String first = y.readFile(f, "management.password-file").lines().findFirst().orElse("").strip();
    if (first.isEmpty() || first.length() > ManagementSettings.MAX_PASSWORD) {
      throw y.error(
          f,
          "management.password-file",
          "the first line of "
              + y.resolve(f.text())
              + " must hold the password (1 to "
              + ManagementSettings.MAX_PASSWORD
              + " characters)");
    }
    return first;
  }
}
