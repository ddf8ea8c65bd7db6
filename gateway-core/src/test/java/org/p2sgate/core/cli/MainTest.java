package org.p2sgate.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Usage errors, help texts and the one-line failure contract of the command line. */
class MainTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  static final GatewayStarter NEVER =
      config -> {
        throw new AssertionError("the gateway must not be started");
      };

  int run(GatewayStarter starter, String... args) {
    CommandLine cl = Main.commandLine(starter);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void noCommandIsAUsageError() {
    assertEquals(2, run(NEVER));
    assertTrue(err.toString().startsWith("Missing required subcommand"), err.toString());
    assertTrue(err.toString().contains("Usage: p2sgate"), err.toString());
  }

  @Test
  void unknownCommandOrOptionIsAUsageError() {
    assertEquals(2, run(NEVER, "frobnicate"));
    assertTrue(
        err.toString().contains("Unmatched argument at index 0: 'frobnicate'"), err.toString());
  }

  @Test
  void serveNeedsExactlyOneConfiguration() {
    assertEquals(2, run(NEVER, "serve"));
    assertTrue(
        err.toString()
            .contains(
                "Missing required argument (specify one of these): (--config=FILE |"
                    + " --openvpn-config=FILE)"),
        err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run(NEVER, "serve", "--config", "a.yaml", "--openvpn-config", "b.conf"));
    assertTrue(err.toString().contains("mutually exclusive"), err.toString());
  }

  @Test
  void helpTexts() {
    assertEquals(0, run(NEVER, "--help"));
    String top = out.toString();
    assertTrue(top.startsWith("Usage: p2sgate [-hV] COMMAND"), top);
    for (String cmd : new String[] {"serve", "demo", "drain", "pki", "profile", "version"}) {
      assertTrue(top.contains("\n  " + cmd + " "), top);
    }
    out.getBuffer().setLength(0);
    assertEquals(0, run(NEVER, "serve", "--help"));
    assertTrue(out.toString().contains("--openvpn-config=FILE"), out.toString());
    assertTrue(out.toString().contains("--config=FILE"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run(NEVER, "demo", "--help"));
    assertTrue(out.toString().contains("--public-address=HOST"), out.toString());
    assertTrue(out.toString().contains("(default: p2sgate-data"), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run(NEVER, "demo", "--version"));
    assertTrue(out.toString().startsWith("p2sgate "), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run(NEVER, "version", "--help"));
    assertTrue(out.toString().startsWith("Usage: p2sgate version"), out.toString());
  }

  @Test
  void version() {
    assertEquals(0, run(NEVER, "version"));
    assertTrue(out.toString().startsWith("p2sgate "), out.toString());
    assertTrue(out.toString().contains("\nJava "), out.toString());
    out.getBuffer().setLength(0);
    assertEquals(0, run(NEVER, "--version"));
    assertTrue(out.toString().startsWith("p2sgate "), out.toString());
  }

  @Test
  void aBadServerConfIsOneLineAndExitTwo() throws Exception {
    Path conf = dir.resolve("server.conf");
    Files.writeString(conf, "dev tun\nfragment 1300\n");
    assertEquals(2, run(NEVER, "serve", "--openvpn-config", conf.toString()));
    assertEquals(
        "p2sgate: "
            + conf
            + ":2: unsupported directive 'fragment' (not supported by p2sgate; remove it)"
            + System.lineSeparator(),
        err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void aMissingOrBadYamlIsOneLineAndExitTwo() throws Exception {
    Path missing = dir.resolve("nope.yaml");
    assertEquals(2, run(NEVER, "serve", "--config", missing.toString()));
    assertEquals(
        "p2sgate: cannot read " + missing + ": no such file" + System.lineSeparator(),
        err.toString());
    err.getBuffer().setLength(0);
    Path yaml = dir.resolve("gateway.yaml");
    Files.writeString(yaml, "pool: 10.8.0.0/24\nlisten: { prot: udp }\n");
    assertEquals(2, run(NEVER, "serve", "--config", yaml.toString()));
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertTrue(
        err.toString().startsWith("p2sgate: " + yaml + ":2:11: unknown key 'prot' in 'listen'"),
        err.toString());
  }
}
