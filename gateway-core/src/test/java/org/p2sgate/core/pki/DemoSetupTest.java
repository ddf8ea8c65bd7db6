package org.p2sgate.core.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.config.TlsWrapConfig;

class DemoSetupTest {
  @TempDir Path dir;

  @Test
  void firstStartCreatesEverythingTheGatewayServesFrom() throws Exception {
    Path data = dir.resolve("p2sgate-data");
    DemoSetup.Result r = DemoSetup.prepare(data, "203.0.113.5", null);
    assertTrue(r.pkiCreated());
    assertTrue(r.yamlCreated());
    assertEquals(List.of(), r.notes());
    assertEquals(List.of(), r.config().warnings());
    assertEquals(data.resolve("gateway.yaml"), r.gatewayYaml());
    assertEquals(data.resolve("clients").resolve("demo.ovpn"), r.profile());
    ServerConfig c = r.config().config();
    assertEquals(1194, c.port());
    assertEquals(ServerConfig.Transports.UDP, c.transports());
    assertEquals("p2s0", c.tunName());
    assertEquals("10.8.0.0", c.poolNetwork().getHostAddress());
    assertEquals(24, c.poolPrefix());
    assertEquals(List.of(), c.push());
    assertEquals(TlsWrapConfig.Mode.TLS_CRYPT, c.tlsWrap().mode());
    assertEquals(Files.readString(data.resolve("pki/ca.crt")), c.caPem());
    String profile = Files.readString(r.profile());
    assertTrue(profile.contains("\nremote 203.0.113.5 1194\n"), profile);
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(r.profile())));
    for (String f : List.of("pki/ca.crt", "pki/server.key", "pki/tc.key", "pki/clients/demo.crt")) {
      assertTrue(Files.exists(data.resolve(f)), f);
    }
  }

  @Test
  void laterStartsReuseThePkiAndTheOperatorsEdits() throws Exception {
    DemoSetup.Result first = DemoSetup.prepare(dir, "203.0.113.5", 1195);
    assertEquals(1195, first.config().config().port());
    String ca = Files.readString(dir.resolve("pki/ca.crt"));
    String clientCert = Files.readString(dir.resolve("pki/clients/demo.crt"));
    Files.writeString(
        dir.resolve("gateway.yaml"),
        Files.readString(dir.resolve("gateway.yaml")).replace("proto: udp", "proto: tcp"));

    DemoSetup.Result second = DemoSetup.prepare(dir, "vpn.example.org", 1196);
    assertFalse(second.pkiCreated());
    assertFalse(second.yamlCreated());
    assertEquals(ca, Files.readString(dir.resolve("pki/ca.crt")));
    assertEquals(clientCert, Files.readString(dir.resolve("pki/clients/demo.crt")));
    assertEquals(ServerConfig.Transports.TCP, second.config().config().transports());
    assertEquals(1, second.notes().size());
    assertTrue(
        second.notes().get(0).contains("--port 1196 only applies when that file is first created"));
    String profile = Files.readString(second.profile());
    assertTrue(profile.contains("\nproto tcp-client\nremote vpn.example.org 1195\n"), profile);
    assertTrue(profile.contains(clientCert.strip()));
  }

  @Test
  void theDemoYamlIsMinimal() {
    String yaml = DemoGatewayYaml.render(1194);
    assertTrue(yaml.contains("listen: { port: 1194, proto: udp }"));
    assertTrue(yaml.contains("tls-crypt: pki/tc.key"));
    assertFalse(yaml.lines().anyMatch(l -> l.startsWith("push")), "nothing pushed by default");
  }
}
