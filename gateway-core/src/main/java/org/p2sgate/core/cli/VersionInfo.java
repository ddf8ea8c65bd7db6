package org.p2sgate.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version lines shown by {@code p2sgate version} and {@code p2sgate --version}. */
final class VersionInfo implements IVersionProvider {
  private static final String POM_PROPERTIES =
      "/META-INF/maven/org.p2sgate/gateway-core/pom.properties";

  @Override
  public String[] getVersion() {
    return lines();
  }

  static String[] lines() {
    return new String[] {
      "p2sgate " + version(),
      "Java "
          + Runtime.version()
          + " ("
          + System.getProperty("java.vendor", "?")
          + ") on "
          + System.getProperty("os.name", "?")
          + " "
          + System.getProperty("os.arch", "?")
    };
  }

  /** From the jar's Maven metadata; "development build" when run from classes. */
  static String version() {
    try (InputStream in = VersionInfo.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        String v = p.getProperty("version");
        if (v != null && !v.isBlank()) {
          return v;
        }
      }
    } catch (IOException e) {
      // fall through
    }
    String v = VersionInfo.class.getPackage().getImplementationVersion();
    return v != null ? v : "development build";
  }
}
