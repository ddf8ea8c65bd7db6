package org.p2sgate.core.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;

/**
 * The server's title for OpenVPN's tools, shaped as the reference's {@code title_string} (name,
 * version, platform, features in brackets): {@code p2sgate 1.0.0 x86_64-linux [SSL (BouncyCastle)]
 * [AEAD]}. It names p2sgate, not OpenVPN: the status file's {@code TITLE} and the management {@code
 * version} must not claim to be a program they are not.
 */
final class ServerTitle {
  private static final String POM_PROPERTIES =
      "/META-INF/maven/org.p2sgate/gateway-core/pom.properties";

  private ServerTitle() {}

  static String get() {
    String arch = System.getProperty("os.arch", "unknown");
    if (arch.equals("amd64")) {
      arch = "x86_64";
    }
    String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT).replace(' ', '-');
    return "p2sgate " + version() + " " + arch + "-" + os + " [SSL (BouncyCastle)] [AEAD]";
  }

  private static String version() {
    try (InputStream in = ServerTitle.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank()) {
          return v.strip();
        }
      }
    } catch (IOException e) {
      // fall through
    }
    return "development";
  }
}
