package org.p2sgate.core.interop;

import java.nio.file.Path;

/**
 * The reverse of {@link OidcBridge}: makes a TCP port on the gateway namespace's loopback (the
 * browser sign-in listener) reachable on the same address and port of the test's own loopback, so
 * that an HTTP client in the test opens the very URL the gateway hands out. socat listens in the
 * gateway namespace on a unix socket in the test folder and connects each connection to the port; a
 * second socat listens here. Both are stopped by PID.
 */
final class GatewayPortBridge implements AutoCloseable {
  private final Process far;
  private final Process near;

  GatewayPortBridge(Testbed bed, int port) throws Exception {
    Path sock = bed.dir.resolve("gw-port-" + port + ".sock");
    far =
        bed.start(
            bed.gateway,
            bed.dir.resolve("gw-port-bridge-far.log"),
            "socat",
            "UNIX-LISTEN:" + sock + ",fork",
            "TCP:127.0.0.1:" + port);
    long deadline = System.currentTimeMillis() + 5_000;
    while (!sock.toFile().exists() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    Path nearLog = bed.dir.resolve("gw-port-bridge-near.log");
    near =
        new ProcessBuilder(
                "socat",
                "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                "UNIX-CONNECT:" + sock)
            .redirectErrorStream(true)
            .redirectOutput(nearLog.toFile())
            .start();
    long until = System.currentTimeMillis() + 5_000;
    while (Sh.run("ss", "-Hlnt", "sport = :" + port).isBlank()) {
      if (System.currentTimeMillis() > until || !far.isAlive() || !near.isAlive()) {
        close();
        throw new AssertionError("the gateway port bridge did not start: " + Testbed.read(nearLog));
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    Testbed.stop(near, 2000);
    Testbed.stop(far, 2000);
  }
}
