package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.pki.DemoPki;

/**
 * {@code status}, {@code status-version} and {@code management} in server.conf, and {@code status:}
 * / {@code management:} in gateway.yaml: what they set and how they are refused.
 */
class OperatorConfigTest {
  @TempDir static Path dir;

  static final String PASSWORD = "s3cret-management";

  @BeforeAll
  static void pki() throws Exception {
    DemoPki.openOrCreate(dir.resolve("pki"));
    Files.writeString(dir.resolve("mgmt.pw"), PASSWORD + "\nignored second line\n");
    Files.writeString(dir.resolve("empty.pw"), "\n");
  }

  static ServerConfig conf(String lines) throws ConfigException {
    return new OpenVpnConfigParser()
        .parse(OpenVpnConfigParserTest.MIN + lines, "server.conf", dir)
        .config();
  }

  static String confError(String lines) {
    String m =
        assertThrows(
                ConfigException.class,
                () ->
                    new OpenVpnConfigParser()
                        .parse(OpenVpnConfigParserTest.MIN + lines, "server.conf", dir))
            .getMessage();
    assertFalse(m.contains("\n"), m);
    return m;
  }

  static ServerConfig yaml(String text) throws ConfigException {
    return YamlConfigLoaderTest.load(dir, YamlConfigLoaderTest.MIN + text).config();
  }

  @Test
  void withoutThemThereIsNoStatusFileNoManagementAndFormatOne() throws Exception {
    ServerConfig c = conf("");
    assertNull(c.status().file());
    assertEquals(1, c.status().version());
    assertNull(c.management());
    assertNull(yaml("").management());
  }

  @Test
  void statusFileIntervalAndVersionInEitherOrder() throws Exception {
    ServerConfig c = conf("status-version 3\nstatus run/openvpn-status.log 10\n");
    assertEquals(dir.resolve("run/openvpn-status.log"), c.status().file());
    assertEquals(Duration.ofSeconds(10), c.status().interval());
    assertEquals(3, c.status().version());
    ServerConfig d = conf("status /tmp/s.log\nstatus-version 2\n");
    assertEquals(Path.of("/tmp/s.log"), d.status().file());
    assertEquals(Duration.ofSeconds(60), d.status().interval(), "the reference's default");
    assertEquals(2, d.status().version());
    assertTrue(conf("status x.log 5\n").status().version() == 1);
  }

  @Test
  void badStatusSettingsNameTheLine() {
    assertEquals(
        "server.conf:8: 'status-version' must be a number from 1 to 3, got '4'",
        confError("status-version 4\n"));
    assertEquals(
        "server.conf:8: 'status' must be a number from 1 to 86400, got '0'",
        confError("status s.log 0\n"));
    assertEquals(
        "server.conf:8: 'status-version' takes 1 argument, got 0", confError("status-version\n"));
  }

  @Test
  void managementOnLoopbackWithPasswordFile() throws Exception {
    ManagementSettings m = conf("management 127.0.0.1 7505 mgmt.pw\n").management();
    assertEquals(new InetSocketAddress("127.0.0.1", 7505), m.tcp());
    assertEquals(PASSWORD, m.password());
    assertFalse(m.toString().contains(PASSWORD), m.toString());
    assertNull(conf("management localhost 7505\n").management().password());
    assertEquals(
        dir.resolve("run/mgmt.sock"),
        conf("management run/mgmt.sock unix\n").management().unixSocket());
    assertTrue(conf("management ::1 7505\n").management().tcp().getAddress().isLoopbackAddress());
  }

  @Test
  void managementElsewhereThanLoopbackIsRefusedWithItsLine() {
    assertEquals(
        "server.conf:8: 'management 0.0.0.0': p2sgate serves the management interface on loopback"
            + " only (127.0.0.1, ::1) or a unix socket ('management PATH unix')",
        confError("management 0.0.0.0 7505\n"));
    assertTrue(
        confError("management 198.51.100.1 7505\n")
            .startsWith("server.conf:8: 'management 198.51"));
    assertEquals(
        "server.conf:8: 'management' must be a number from 1 to 65535, got 'x'",
        confError("management 127.0.0.1 x\n"));
    assertTrue(
        confError("management 127.0.0.1 7505 stdin\n")
            .startsWith("server.conf:8: 'management ... stdin': p2sgate runs unattended"));
    String missing = confError("management 127.0.0.1 7505 nosuch.pw\n");
    assertTrue(
        missing.startsWith("server.conf:8: cannot read 'management' password file "), missing);
    String empty = confError("management 127.0.0.1 7505 empty.pw\n");
    assertTrue(empty.contains("its first line must hold the password"), empty);
  }

  @Test
  void managementOptionsP2sgateDoesNotServeAreRefusedWithTheirLine() {
    for (String line :
        new String[] {
          "management-hold",
          "management-client-auth",
          "management-query-passwords",
          "management-log-cache 100"
        }) {
      String m = confError("management 127.0.0.1 7505\n" + line + "\n");
      assertTrue(m.startsWith("server.conf:9: unsupported directive 'management-"), m);
      assertTrue(m.contains("answers status, kill, client-kill"), m);
    }
  }

  @Test
  void yamlStatusAndManagement() throws Exception {
    ServerConfig c =
        yaml(
            "status: { file: status.txt, interval: 5s, version: 3 }\n"
                + "management: { listen: 127.0.0.1:7505, password-file: mgmt.pw }\n");
    assertEquals(dir.resolve("status.txt"), c.status().file());
    assertEquals(Duration.ofSeconds(5), c.status().interval());
    assertEquals(3, c.status().version());
    assertEquals(new InetSocketAddress("127.0.0.1", 7505), c.management().tcp());
    assertEquals(PASSWORD, c.management().password());
    assertEquals(
        dir.resolve("mgmt.sock"),
        yaml("management: { listen: \"unix:mgmt.sock\" }\n").management().unixSocket());
  }

  @Test
  void yamlMistakesNameTheKey() {
    assertEquals(
        "gateway.yaml:3:23: management.listen: 0.0.0.0 is not a loopback address: the management"
            + " interface listens on loopback only (127.0.0.1, ::1) or a unix socket (unix:PATH)",
        YamlConfigLoaderTest.error(
            dir, YamlConfigLoaderTest.MIN + "management: { listen: 0.0.0.0:7505 }\n"));
    assertEquals(
        "gateway.yaml:3:33: status.version: must be a number from 1 to 3, got '4'",
        YamlConfigLoaderTest.error(
            dir, YamlConfigLoaderTest.MIN + "status: { file: s.txt, version: 4 }\n"));
    assertTrue(
        YamlConfigLoaderTest.error(dir, YamlConfigLoaderTest.MIN + "status: { version: 2 }\n")
            .startsWith("gateway.yaml: missing 'status.file'"));
    assertTrue(
        YamlConfigLoaderTest.error(
                dir, YamlConfigLoaderTest.MIN + "management: { listen: 127.0.0.1:99999 }\n")
            .contains("management.listen: expected 127.0.0.1:PORT or unix:PATH"));
  }
}
