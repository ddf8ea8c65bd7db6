package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two generations of the real openvpn client the core interop cases run with (decision 0025):
 * Debian's 2.6 package, and the 2.7.6 client that current installers ship, built from {@code
 * third_party/openvpn-2.7.6} by {@code scripts/build-openvpn27.sh}.
 *
 * <p>Each binary is checked once per run: it must report its generation's version, so a test that
 * names a generation ran with that very client. A 2.7 client that cannot be found fails the test
 * (never skips it): CI must not pass without the real peer.
 */
enum ClientGeneration {
  /** Debian's package: {@code openvpn} on the PATH. */
  V2_6("openvpn 2.6", "OpenVPN 2.6.", "peer 2.6."),

  /**
   * Built by {@code scripts/build-openvpn27.sh}: the path in {@value #ENV}, which {@code
   * scripts/test.sh} sets, or else where the script installs it by default.
   */
  V2_7("openvpn 2.7.6", "OpenVPN 2.7.6 ", "peer 2.7.6 (");

  /** The environment variable naming the 2.7 binary. */
  static final String ENV = "P2SGATE_OPENVPN27";

  /** Where {@code scripts/build-openvpn27.sh} installs the binary without P2SGATE_CI_CACHE. */
  static final Path DEFAULT_27 = Path.of("/var/cache/p2sgate-ci/openvpn-2.7.6/sbin/openvpn");

  private final String label;

  /** How the binary's {@code --version} line, and its log's version line, begin. */
  final String versionPrefix;

  /** How the gateway's log names this client's IV_VER as it authenticates it. */
  final String inGatewayLog;

  /** The binary, once its version was checked. */
  private String checked;

  ClientGeneration(String label, String versionPrefix, String inGatewayLog) {
    this.label = label;
    this.versionPrefix = versionPrefix;
    this.inGatewayLog = inGatewayLog;
  }

  /** The binary to run; fails the test if it is missing or is another version. */
  synchronized String binary() {
    if (checked != null) {
      return checked;
    }
    String bin = this == V2_6 ? "openvpn" : locate27();
    String version = Sh.tryRun(bin, "--version").output().lines().findFirst().orElse("");
    if (!version.startsWith(versionPrefix)) {
      fail(
          bin
              + " reports '"
              + version
              + "', not "
              + label
              + (this == V2_7 ? "; " + HOW_TO_BUILD : "; install Debian's openvpn package"));
    }
    System.out.println("client " + label + ": " + bin + " (" + version + ")");
    checked = bin;
    return bin;
  }

  private static final String HOW_TO_BUILD =
      "build it with scripts/build-openvpn27.sh (as root, a minute or two; scripts/test.sh does"
          + " this in CI) and pass its output: export "
          + ENV
          + "=$(scripts/build-openvpn27.sh)";

  private static String locate27() {
    String named = System.getenv(ENV);
    if (named != null && !named.isBlank()) {
      if (!Files.isExecutable(Path.of(named))) {
        fail(ENV + "=" + named + " is not an executable file; " + HOW_TO_BUILD);
      }
      return named;
    }
    if (Files.isExecutable(DEFAULT_27)) {
      return DEFAULT_27.toString();
    }
    return fail(
        "the openvpn 2.7.6 client is missing ("
            + ENV
            + " unset, no "
            + DEFAULT_27
            + "); "
            + HOW_TO_BUILD);
  }

  @Override
  public String toString() {
    return label;
  }
}
