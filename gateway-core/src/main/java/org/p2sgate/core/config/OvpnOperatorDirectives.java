package org.p2sgate.core.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The directives for operators' existing OpenVPN tools: {@code status FILE [SECONDS]}, {@code
 * status-version N} and {@code management IP PORT [pw-file]} / {@code management PATH unix
 * [pw-file]}. The management interface listens on loopback only: any other address is refused.
 */
final class OvpnOperatorDirectives {
  private OvpnOperatorDirectives() {}

  /** {@code status FILE [SECONDS]}: SECONDS defaults to 60, as in the reference. */
  static void status(OvpnDirective d, OvpnContext c) throws ConfigException {
    Duration interval =
        d.args().size() > 1 ? c.secondsArg(d, 1, 1, 86_400) : StatusSettings.DEFAULT_INTERVAL;
    Path file = ConfigFiles.resolve(c.baseDir, d.arg(0));
    c.draft.status = new StatusSettings(file, interval, c.draft.status.version());
  }

  /** {@code status-version 1|2|3}. */
  static void statusVersion(OvpnDirective d, OvpnContext c) throws ConfigException {
    StatusSettings s = c.draft.status;
    c.draft.status = new StatusSettings(s.file(), s.interval(), c.intArg(d, 0, 1, 3));
  }

  /** {@code management IP PORT [pw-file]} or {@code management PATH unix [pw-file]}. */
  static void management(OvpnDirective d, OvpnContext c) throws ConfigException {
    String password = d.args().size() > 2 ? password(d, c, d.arg(2)) : null;
    if (d.arg(1).equals("unix")) {
      c.draft.management =
          new ManagementSettings(null, ConfigFiles.resolve(c.baseDir, d.arg(0)), password);
      return;
    }
    InetAddress address;
    try {
      address =
          d.arg(0).equals("localhost")
              ? InetAddress.getLoopbackAddress()
              : Inet.address(d.arg(0), false);
    } catch (ValueException e) {
      throw c.error(d, "'management': " + e.getMessage());
    }
    if (!address.isLoopbackAddress()) {
      throw c.error(
          d,
          "'management "
              + d.arg(0)
              + "': p2sgate serves the management interface on loopback only (127.0.0.1, ::1)"
              + " or a unix socket ('management PATH unix')");
    }
    int port = c.intArg(d, 1, 1, 65535);
    c.draft.management =
        new ManagementSettings(new InetSocketAddress(address, port), null, password);
  }

  /** The first line of the password file (never echoed in messages). */
  private static String password(OvpnDirective d, OvpnContext c, String name)
      throws ConfigException {
    if (name.equals("stdin")) {
      throw c.error(
          d,
          "'management ... stdin': p2sgate runs unattended and cannot ask for the password; name"
              + " a file holding it");
    }
    Path file = ConfigFiles.resolve(c.baseDir, name);
    String text = ConfigFiles.read(file, c.at(d), "'management' password file");
    String first = text.lines().findFirst().orElse("").strip();
    if (first.isEmpty() || first.length() > ManagementSettings.MAX_PASSWORD) {
      throw c.error(
          d,
          "'management' password file "
              + file
              + ": its first line must hold the password (1 to "
              + ManagementSettings.MAX_PASSWORD
              + " characters)");
    }
    return first;
  }
}
