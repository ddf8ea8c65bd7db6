package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.radius.FreeRadiusServer;
import org.p2sgate.core.cli.Main;
import picocli.CommandLine;

/**
 * What the operator hands to users, used unchanged by the real openvpn 2.6 client: {@code p2sgate
 * pki init / issue} and {@code p2sgate profile} (ovpn, and the azure zip's vpnconfig.ovpn), a
 * RADIUS-policy profile fetched from the admin API, {@code pki revoke} of a connected user, and an
 * RSA 3072 CA.
 */
@Tag("netns")
class PkiProfileIT {

  /** Runs {@code p2sgate ARGS} in this JVM; fails with its error line unless it succeeds. */
  static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    assertEquals(0, status, String.join(" ", args) + ": " + err);
    assertFalse(out.toString().contains("PRIVATE KEY"), "no key on stdout");
    return out.toString();
  }

  /** {@code p2sgate pki init} in {@code pki} for vpn.p2s.test at the gateway's address. */
  static Path initPki(Path pki) {
    cli(
        "pki",
        "init",
        "--pki",
        pki.toString(),
        "--server-name",
        "vpn.p2s.test",
        "--san",
        "vpn.p2s.test",
        "--san",
        Testbed.GW_IP);
    return pki;
  }

  /** gateway.yaml for the PKI in {@code pki}: UDP on the gateway's address, revocation watched. */
  static Path gatewayYaml(Testbed bed, Path pki, String name, String... extra) throws Exception {
    Path yaml = bed.dir.resolve("gateway-" + name + ".yaml");
    List<String> lines =
        new java.util.ArrayList<>(
            List.of(
                "listen: { address: " + Testbed.GW_IP + ", port: 1194, proto: udp }",
                "tun: { name: tun-gw, mtu: 1500 }",
                "pool: 10.8.0.0/24",
                "push: { routes: [ 198.18.1.0/24 ] }",
                "keepalive: { interval: 10s, timeout: 60s }",
                "tls: { ca: "
                    + pki
                    + "/ca.crt, cert: "
                    + pki
                    + "/server.crt, key: "
                    + pki
                    + "/server.key }",
                "tls-crypt: " + pki + "/tc.key",
                "revocation: { thumbprints: [ "
                    + pki
                    + "/revoked.txt ], crl: [ "
                    + pki
                    + "/ca.crl ] }",
                "verb: 4"));
    lines.addAll(List.of(extra));
    Files.write(yaml, lines);
    return yaml;
  }

  /** The real client with {@code profile} as it is (plus {@code more} on its command line). */
  static Process connect(Testbed bed, Path profile, Path log, String... more) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(List.of("openvpn", "--config", profile.toString()));
    cmd.addAll(List.of(more));
    Process p = bed.start(bed.client, log, cmd.toArray(String[]::new));
    Testbed.awaitLog(log, "Initialization Sequence Completed", p, 40_000);
    return p;
  }

  /** The client's tunnel address (the profile says only "dev tun"). */
  static String tunnelAddress(Testbed bed) {
    String ip =
        Sh.ns(
                bed.client,
                "sh",
                "-c",
                "ip -4 -o addr show | awk '$4 ~ /^10\\.8\\.0\\./ {split($4,a,\"/\"); print a[1]}'")
            .strip();
    assertTrue(ip.matches("10\\.8\\.0\\.\\d+"), "tunnel address: '" + ip + "'");
    return ip;
  }

  static void assertPings(Testbed bed, String ip) {
    for (int i = 0; i < 10; i++) {
      if (Sh.tryNs(bed.client, "ping", "-n", "-c", "1", "-W", "1", "-I", ip, Testbed.PRIVATE_HOST)
              .exit()
          == 0) {
        return;
      }
    }
    fail("no ping through the tunnel from " + ip);
  }

  static byte[] zipEntry(Path zip, String name) throws Exception {
    try (ZipInputStream in =
        new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(name)) {
          return in.readAllBytes();
        }
      }
    }
    throw new AssertionError(zip + " has no " + name);
  }

  /** (a) ovpn, (b) the azure zip's vpnconfig.ovpn, (d) revoke while connected. */
  @Test
  void issuedProfilesConnectUnchangedAndRevocationEndsTheSession() throws Exception {
    try (Testbed bed = new Testbed(0)) {
      Path pki = initPki(bed.dir.resolve("operator-pki"));
      cli("pki", "issue", "alice", "--pki", pki.toString(), "--upn", "alice@p2s.test");
      cli("pki", "issue", "bob", "--pki", pki.toString());
      Path yaml = gatewayYaml(bed, pki, "cert", "profiles: { pki: " + pki + " }");
      GatewayUnderTest gw = GatewayUnderTest.yamlFile(bed, "cert", "udp", yaml).start();
      bed.startEcho();

      cli(
          "profile",
          "bob",
          "--config",
          yaml.toString(),
          "--format",
          "azure",
          "--remote",
          Testbed.GW_IP + ":1194:udp");
      Path bobOvpn = bed.dir.resolve("bob-vpnconfig.ovpn");
      Files.write(
          bobOvpn, zipEntry(bed.dir.resolve("clients/bob-azure.zip"), "OpenVPN/vpnconfig.ovpn"));
      Process bob = connect(bed, bobOvpn, bed.dir.resolve("bob.log"));
      assertPings(bed, tunnelAddress(bed));
      assertTrue(Testbed.stop(bob, 5000));

      cli("profile", "alice", "--config", yaml.toString(), "--remote", Testbed.GW_IP);
      Path aliceOvpn = bed.dir.resolve("clients/alice.ovpn");
      assertTrue(Files.readString(aliceOvpn).contains("verify-x509-name \"vpn.p2s.test\" name"));
      Path aliceLog = bed.dir.resolve("alice.log");
      Process alice = connect(bed, aliceOvpn, aliceLog);
      String ip = tunnelAddress(bed);
      assertPings(bed, ip);
      Traffic.echo(bed, ip, 200_000);

      long t0 = System.currentTimeMillis();
      String said = cli("pki", "revoke", "alice", "--pki", pki.toString());
      assertTrue(said.contains("revoked.txt and ca.crl updated"), said);
      Testbed.awaitLog(aliceLog, "AUTH_FAILED", null, 5_000);
      long took = System.currentTimeMillis() - t0;
      assertTrue(took <= 5_000, "ended after " + took + " ms");
      System.out.println("revoked alice's live session ended after " + took + " ms");
      Testbed.stop(alice, 5000);

      // and she cannot come back with the same profile
      Path againLog = bed.dir.resolve("alice-again.log");
      Process again = bed.start(bed.client, againLog, "openvpn", "--config", aliceOvpn.toString());
      Testbed.awaitLog(gw.log, "revoked (", gw.process, 20_000);
      Thread.sleep(1000);
      assertFalse(Testbed.read(againLog).contains("Initialization Sequence Completed"));
      Testbed.stop(again, 5000);
      assertTrue(gw.stop(), "the gateway stops within 5 s");
      assertFalse(gw.log().contains("PRIVATE KEY"));
    }
  }

  /**
   * (c) a RADIUS policy: the profile (fetched from the admin API, ovpn and azure) carries no
   * certificate, and both connect with a password.
   */
  @Test
  void radiusProfileFromTheAdminApiConnectsWithAPassword() throws Exception {
    try (Testbed bed = new Testbed(0);
        FreeRadiusServer radius = RadiusYaml.inGatewayNamespace(bed, "radius")) {
      Path pki = bed.dir.resolve("operator-pki");
      cli("pki", "init", "--pki", pki.toString(), "--server-name", "vpn.p2s.test");
      Path token = bed.dir.resolve("admin.token");
      Path yaml =
          gatewayYaml(
              bed,
              pki,
              "radius",
              RadiusYaml.auth(
                  "radius",
                  List.of("  timeout: 10s"),
                  List.of(),
                  ", timeout: 2s, retries: 1",
                  radius),
              "admin: { listen: 127.0.0.1:9194, token-file: " + token + " }",
              "profiles: { pki: " + pki + ", remotes: [ " + Testbed.GW_IP + ":1194:udp ] }");
      GatewayUnderTest gw = GatewayUnderTest.yamlFile(bed, "radius", "udp", yaml).start();

      Path fromApi = bed.dir.resolve("alice-api.ovpn");
      String status =
          Sh.ns(
                  bed.gateway,
                  "sh",
                  "-c",
                  "curl -sS --max-time 10 -o "
                      + fromApi
                      + " -w '%{http_code}' -H \"Authorization: Bearer $(cat "
                      + token
                      + ")\" http://127.0.0.1:9194/api/v1/profiles/alice")
              .strip();
      assertEquals("200", status, Testbed.tail(gw.log, 20));
      cli("profile", "alice", "--config", yaml.toString());
      assertArrayEquals(
          Files.readAllBytes(bed.dir.resolve("clients/alice.ovpn")),
          Files.readAllBytes(fromApi),
          "the API serves what the command writes");
      String text = Files.readString(fromApi);
      assertTrue(text.contains("\nauth-user-pass\n"), text);
      assertFalse(text.contains("<cert>") || text.contains("<key>"), "no certificate for RADIUS");

      Path pass = bed.dir.resolve("alice.pass");
      Files.writeString(pass, "alice\nalicepass\n");
      Process alice =
          connect(
              bed,
              fromApi,
              bed.dir.resolve("alice-radius.log"),
              "--auth-user-pass",
              pass.toString(),
              "--auth-nocache");
      String ip = tunnelAddress(bed);
      assertEquals("10.8.0.42", ip, "FreeRADIUS' Framed-IP-Address for alice");
      assertPings(bed, ip);
      Testbed.stop(alice, 5000);

      // the azure zip of the same policy, from the API: its vpnconfig.ovpn connects unchanged
      Path zip = bed.dir.resolve("alice-api.zip");
      String zipStatus =
          Sh.ns(
                  bed.gateway,
                  "sh",
                  "-c",
                  "curl -sS --max-time 10 -o "
                      + zip
                      + " -w '%{http_code}' -H \"Authorization: Bearer $(cat "
                      + token
                      + ")\" 'http://127.0.0.1:9194/api/v1/profiles/alice?format=azure'")
              .strip();
      assertEquals("200", zipStatus, Testbed.tail(gw.log, 20));
      Path azure = bed.dir.resolve("alice-azure.ovpn");
      Files.write(azure, zipEntry(zip, "OpenVPN/vpnconfig.ovpn"));
      Process again =
          connect(
              bed,
              azure,
              bed.dir.resolve("alice-radius-azure.log"),
              "--auth-user-pass",
              pass.toString(),
              "--auth-nocache");
      assertPings(bed, tunnelAddress(bed));
      Testbed.stop(again, 5000);
      assertTrue(gw.stop());
      assertFalse(gw.log().contains("alicepass"), "passwords never reach the log");
    }
  }

  /**
   * (f) a RADIUS policy with a static challenge: the exported profile makes the real client ask for
   * the OTP with the password (answered as a GUI does, through its management interface).
   */
  @Test
  void staticChallengeProfileAsksForTheOtp() throws Exception {
    try (Testbed bed = new Testbed(0);
        FreeRadiusServer radius = RadiusYaml.inGatewayNamespace(bed, "radius")) {
      Path pki = bed.dir.resolve("operator-pki");
      cli("pki", "init", "--pki", pki.toString(), "--server-name", "vpn.p2s.test");
      Path yaml =
          gatewayYaml(
              bed,
              pki,
              "otp",
              RadiusYaml.auth(
                  "radius",
                  List.of(),
                  List.of("    static-challenge: concatenate"),
                  ", timeout: 2s, retries: 1",
                  radius),
              "profiles: { pki: "
                  + pki
                  + ", remotes: [ "
                  + Testbed.GW_IP
                  + ":1194:udp ], static-challenge: Enter your OTP }");
      GatewayUnderTest gw = GatewayUnderTest.yamlFile(bed, "otp", "udp", yaml).start();
      cli("profile", "otpuser", "--config", yaml.toString());
      Path profile = bed.dir.resolve("clients/otpuser.ovpn");
      assertTrue(Files.readString(profile).contains("\nstatic-challenge \"Enter your OTP\" 1\n"));
      Path sock = bed.dir.resolve("otp.sock");
      Path log = bed.dir.resolve("otpuser.log");
      Process client =
          bed.start(
              bed.client,
              log,
              "openvpn",
              "--config",
              profile.toString(),
              "--management",
              sock.toString(),
              "unix",
              "--management-hold",
              "--management-query-passwords",
              "--auth-retry",
              "interact");
      try (Management m = Management.connect(sock, client, log)) {
        String need = m.await(">PASSWORD:Need 'Auth' username/password", 20_000);
        assertTrue(need.contains("SC:") && need.contains("Enter your OTP"), need);
        m.credentials(
            "otpuser",
            "SCRV1:" + RadiusChallengeIT.b64("otppass") + ":" + RadiusChallengeIT.b64("424242"));
        Testbed.awaitLog(log, "Initialization Sequence Completed", client, 40_000);
        assertPings(bed, tunnelAddress(bed));
      }
      Testbed.stop(client, 5000);
      assertTrue(gw.stop());
      assertFalse(gw.log().contains("424242"), "OTP codes never reach the log");
    }
  }

  /** (e) an RSA 3072 CA, gateway and client. */
  @Test
  void rsaCaProfileConnects() throws Exception {
    try (Testbed bed = new Testbed(0)) {
      Path pki = bed.dir.resolve("operator-pki");
      String made =
          cli("pki", "init", "--pki", pki.toString(), "--rsa", "3072", "--san", "vpn.p2s.test");
      assertTrue(made.contains("RSA 3072"), made);
      cli("pki", "issue", "carol", "--pki", pki.toString());
      Path yaml = gatewayYaml(bed, pki, "rsa", "profiles: { pki: " + pki + " }");
      GatewayUnderTest gw = GatewayUnderTest.yamlFile(bed, "rsa", "udp", yaml).start();
      cli("profile", "carol", "--config", yaml.toString(), "--remote", Testbed.GW_IP);
      Process carol =
          connect(bed, bed.dir.resolve("clients/carol.ovpn"), bed.dir.resolve("carol.log"));
      assertPings(bed, tunnelAddress(bed));
      Testbed.stop(carol, 5000);
      assertTrue(gw.stop());
    }
  }
}
