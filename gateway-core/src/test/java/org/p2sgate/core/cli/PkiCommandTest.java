package org.p2sgate.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code p2sgate pki ...} and {@code p2sgate profile ...} as an operator types them. */
class PkiCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    CommandLine cl = Main.commandLine(MainTest.NEVER);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  String pki() {
    return dir.resolve("pki").toString();
  }

  void assertOneLineError(String contains) {
    String e = err.toString();
    assertTrue(e.startsWith("p2sgate: ") && e.strip().lines().count() == 1, e);
    assertTrue(e.contains(contains), e);
  }

  @Test
  void initIssueListRevokeAndTheProfile() throws Exception {
    assertEquals(0, run("pki", "init", "--pki", pki(), "--san", "vpn.example.com"), err.toString());
    assertTrue(out.toString().contains("the gateway is CN=vpn.example.com"), out.toString());
    assertTrue(out.toString().contains("revocation: { thumbprints: [ "), out.toString());
    assertEquals(
        0,
        run("pki", "issue", "alice", "--pki", pki(), "--upn", "alice@corp.example"),
        err.toString());
    assertTrue(out.toString().contains("UPN:alice@corp.example"), out.toString());
    assertEquals(0, run("pki", "list", "--pki", pki()));
    assertTrue(
        out.toString().matches("(?s).*client +valid .* alice UPN:alice@corp.example.*"),
        out.toString());

    Path yaml = dir.resolve("gateway.yaml");
    Files.writeString(
        yaml,
        "pool: 10.8.0.0/24\n"
            + "tls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key }\n"
            + "tls-crypt: pki/tc.key\n"
            + "revocation: { thumbprints: [ pki/revoked.txt ], crl: [ pki/ca.crl ] }\n");
    assertEquals(
        0,
        run(
            "profile",
            "alice",
            "--config",
            yaml.toString(),
            "--remote",
            "vpn.example.com:1194:udp"),
        err.toString());
    Path profile = dir.resolve("clients/alice.ovpn");
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(profile)));
    assertTrue(Files.readString(profile).contains("remote vpn.example.com 1194 udp"));
    assertEquals(
        0,
        run(
            "profile",
            "alice",
            "--config",
            yaml.toString(),
            "--format",
            "azure",
            "--remote",
            "vpn.example.com"),
        err.toString());
    assertTrue(Files.size(dir.resolve("clients/alice-azure.zip")) > 0);

    assertEquals(0, run("pki", "revoke", "alice", "--pki", pki()), err.toString());
    assertTrue(out.toString().contains("revoked.txt and ca.crl updated"), out.toString());
    assertEquals(2, run("profile", "alice", "--config", yaml.toString(), "--remote", "h"));
    assertOneLineError("is revoked");
    assertEquals(0, run("pki", "crl", "--pki", pki(), "--days", "7"), err.toString());
    assertTrue(out.toString().startsWith("ca.crl re-signed; next update"), out.toString());
  }

  @Test
  void noKeyEverReachesStandardOutput() throws Exception {
    run("pki", "init", "--pki", pki(), "--rsa", "2048");
    String all = out.toString() + err.toString();
    run("pki", "issue", "bob", "--pki", pki());
    all += out.toString() + err.toString();
    run("pki", "list", "--pki", pki());
    all += out.toString() + err.toString();
    assertFalse(all.contains("PRIVATE KEY") || all.contains("OpenVPN Static key"), all);
    assertTrue(all.contains("RSA 2048"), all);
  }

  @Test
  void badInputIsOneLineAndStatusTwo() throws Exception {
    assertEquals(2, run("pki"));
    assertTrue(err.toString().contains("missing COMMAND"), err.toString());
    assertEquals(2, run("pki", "issue", "alice", "--pki", pki()));
    assertOneLineError("no PKI in");
    assertEquals(0, run("pki", "init", "--pki", pki()));
    assertEquals(2, run("pki", "issue", "../evil", "--pki", pki()));
    assertOneLineError("user name must be");
    assertEquals(2, run("pki", "revoke", "bob", "--pki", pki()));
    assertOneLineError("no valid certificate for 'bob'");
    assertEquals(2, run("pki", "init", "--pki", dir.resolve("x").toString(), "--rsa", "1024"));
    assertOneLineError("RSA 2048, 3072 or 4096");
    assertEquals(2, run("pki", "issue", "carol", "--pki", pki(), "--upn", "not a upn"));
    assertOneLineError("is not a valid UPN");
    assertEquals(
        2,
        run(
            "pki",
            "import-ca",
            dir.resolve("none.crt").toString(),
            "--pki",
            dir.resolve("y").toString()));
    assertOneLineError("none.crt");

    Path yaml = dir.resolve("gateway.yaml");
    Files.writeString(
        yaml,
        "pool: 10.8.0.0/24\ntls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key }\n");
    run("pki", "issue", "dan", "--pki", pki());
    assertEquals(2, run("profile", "dan", "--config", yaml.toString()));
    assertOneLineError("--remote HOST[:PORT[:PROTO]]");
    assertEquals(
        2, run("profile", "dan", "--config", yaml.toString(), "--remote", "h", "--format", "zip"));
    assertOneLineError("format must be ovpn or azure");
    assertEquals(2, run("profile", "dan", "--config", yaml.toString(), "--remote", "h:1:sctp"));
    assertOneLineError("protocol must be udp or tcp");
  }
}
