package org.p2sgate.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.pki.DemoSetup;
import picocli.CommandLine;

class DemoCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(GatewayStarter starter, String... args) {
    CommandLine cl = Main.commandLine(starter);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void generationStepWritesTheFilesWithoutServing() throws Exception {
    DemoCommand demo = new DemoCommand(MainTest.NEVER);
    demo.dataDir = dir.resolve("data");
    demo.publicAddress = "198.51.100.10";
    DemoSetup.Result r = demo.prepare();
    assertTrue(r.pkiCreated());
    assertTrue(Files.readString(r.profile()).contains("\nremote 198.51.100.10 1194\n"));
    assertTrue(Files.exists(dir.resolve("data/gateway.yaml")));
    assertTrue(Files.exists(dir.resolve("data/pki/clients/demo.key")));
  }

  @Test
  void stateDirPutsTheAddressPoolThereAndTheConfigLoadsIt() {
    ServeCommandTest.Recorder gateway = new ServeCommandTest.Recorder();
    Path data = dir.resolve("etc");
    Path state = dir.resolve("state");
    int code =
        run(
            gateway,
            "demo",
            "--data-dir",
            data.toString(),
            "--state-dir",
            state.toString(),
            "--public-address",
            "vpn.example.net");
    assertEquals(0, code, err.toString());
    assertEquals(
        state.toAbsolutePath().resolve("ip-pool.txt"),
        gateway.started.get(0).poolPersist(),
        "the image keeps state in /var/lib/p2sgate, config and PKI in /etc/p2sgate");
  }

  @Test
  void demoPrintsTheHowToThenServesTheGeneratedConfig() {
    ServeCommandTest.Recorder gateway = new ServeCommandTest.Recorder();
    Path data = dir.resolve("p2sgate-data");
    int code =
        run(
            gateway,
            "demo",
            "--data-dir",
            data.toString(),
            "--public-address",
            "vpn.example.net",
            "--port",
            "1195");
    assertEquals(0, code, err.toString());
    assertEquals(1195, gateway.started.get(0).port());
    String[] lines = out.toString().split("\\R");
    assertEquals(
        "Client profile: " + data.toAbsolutePath().resolve("clients").resolve("demo.ovpn"),
        lines[0]);
    assertTrue(lines[1].startsWith("  1. Copy it to the client machine"), lines[1]);
    assertEquals("  2. On the client run: sudo openvpn --config demo.ovpn", lines[2]);
    assertEquals(
        "  3. The client gets an address in 10.8.0.0/24; the gateway is 10.8.0.1.", lines[3]);
  }

  @Test
  void badOptionsAreUsageErrors() {
    assertEquals(2, run(MainTest.NEVER, "demo", "--data-dir", dir.toString(), "--port", "0"));
    assertTrue(err.toString().startsWith("--port must be 1..65535, got 0"), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(
        2, run(MainTest.NEVER, "demo", "--data-dir", dir.toString(), "--public-address", "a b"));
    assertTrue(
        err.toString().startsWith("--public-address must be a host name or IP address"),
        err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run(MainTest.NEVER, "demo", "--port", "x"));
    assertTrue(err.toString().startsWith("Invalid value for option '--port'"), err.toString());
  }

  @Test
  void anUnusableDataDirectoryIsOneLineAndExitTwo() throws Exception {
    Path file = dir.resolve("not-a-dir");
    Files.writeString(file, "x");
    assertEquals(
        2, run(MainTest.NEVER, "demo", "--data-dir", file.toString(), "--public-address", "h"));
    assertEquals(1, err.toString().lines().count(), err.toString());
    assertTrue(
        err.toString().startsWith("p2sgate: cannot prepare the demo in " + file), err.toString());
  }
}
