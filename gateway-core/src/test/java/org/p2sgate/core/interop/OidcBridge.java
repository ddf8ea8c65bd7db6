package org.p2sgate.core.interop;

import java.nio.file.Path;

/**
 * Makes an HTTP server on the test's own loopback reachable on the same address and port from the
 * gateway namespace: socat listens there and passes each connection through a unix socket in the
 * test folder (file system, not network, so it crosses namespaces) to a second socat on this side.
 * The gateway then resolves the OIDC server's URLs exactly as the test does. Both socats are
 * stopped by PID.
 */
final class OidcBridge implements AutoCloseable {
  private final Process near;
  private final Process far;

  OidcBridge(Testbed bed, int port) throws Exception {
    Path sock = bed.dir.resolve("oidc-" + port + ".sock");
    Path nearLog = bed.dir.resolve("oidc-bridge-near.log");
    near =
        new ProcessBuilder("socat", "UNIX-LISTEN:" + sock + ",fork", "TCP:127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(nearLog.toFile())
            .start();
    long deadline = System.currentTimeMillis() + 5_000;
    while (!sock.toFile().exists() && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    far =
        bed.start(
            bed.gateway,
            bed.dir.resolve("oidc-bridge-far.log"),
            "socat",
            "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
            "UNIX-CONNECT:" + sock);
    long until = System.currentTimeMillis() + 5_000;
    while (Sh.ns(bed.gateway, "ss", "-Hlnt", "sport = :" + port).isBlank()) {
      if (System.currentTimeMillis() > until || !far.isAlive() || !near.isAlive()) {
        close();
        throw new AssertionError("the OIDC bridge did not start: " + Testbed.read(nearLog));
      }
      Thread.sleep(20);
    }
  }

  @Override
  public void close() {
    Testbed.stop(far, 2000);
    Testbed.stop(near, 2000);
  }
}
