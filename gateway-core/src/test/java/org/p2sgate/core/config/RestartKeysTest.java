package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.pki.DemoPki;

class RestartKeysTest {
  @TempDir static Path dir;

  static final String BASE =
      """
      listen: { port: 1194, proto: udp }
      pool: 10.8.0.0/24
      tls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key }
      tls-crypt: pki/tc.key
      """;

  @BeforeAll
  static void pki() throws Exception {
    DemoPki.openOrCreate(dir.resolve("pki"));
    java.nio.file.Files.writeString(dir.resolve("pki/revoked.txt"), "");
  }

  static List<String> changed(String from, String to) throws Exception {
    return RestartKeys.changed(
        YamlConfigLoaderTest.load(dir, from).config(), YamlConfigLoaderTest.load(dir, to).config());
  }

  @Test
  void whatNewLoginsCanTakeNeedsNoRestart() throws Exception {
    assertEquals(List.of(), changed(BASE, BASE));
    String full =
        BASE
            + "admin: { listen: 127.0.0.1:9194, token-file: admin.token, session-metrics: true }\n"
            + "status: { file: status.log, interval: 10s, version: 2 }\n"
            + "management: { listen: 127.0.0.1:7505 }\n";
    assertEquals(List.of(), changed(full, full), "the same file again changes nothing");
    assertEquals(
        List.of(),
        changed(
            BASE,
            BASE
                + """
                push: { routes: [ 192.168.20.0/24 ], dns: [ 10.8.0.1 ] }
                data-ciphers: [ AES-128-GCM ]
                max-clients: 5
                max-pending-logins: 10
                keepalive: { interval: 5s, timeout: 30s }
                reneg: 10m
                duplicate-cn: true
                revocation: { thumbprints: [ pki/revoked.txt ] }
                """));
  }

  @Test
  void socketsTunPoolWrapAndOwnedFilesDo() throws Exception {
    assertEquals(
        List.of("listen", "tun", "pool", "tls-crypt", "pool-persist", "admin"),
        changed(
            BASE,
            """
            listen: { port: 1195, proto: udp }
            tun: { name: p2s9 }
            pool: 10.9.0.0/24
            tls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key }
            pool-persist: ip-pool.txt
            admin: { token-file: admin.token }
            """));
    assertEquals(List.of("listen"), changed(BASE, BASE.replace("proto: udp", "proto: udp+tcp")));
  }

  @Test
  void browserSignInSettingsDo() throws Exception {
    String sso =
        BASE
            + "auth: { policy: sso, sso: { issuer: https://idp.example/t, client-id: vpn,"
            + " public-url: https://vpn.example.org:9443 } }\n";
    assertEquals(List.of(), changed(sso, sso));
    assertEquals(List.of("auth.sso"), changed(BASE, sso));
    assertEquals(List.of("auth.sso"), changed(sso, sso.replace("client-id: vpn", "client-id: v2")));
  }
}
