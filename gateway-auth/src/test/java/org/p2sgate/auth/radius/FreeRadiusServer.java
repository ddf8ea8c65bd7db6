package org.p2sgate.auth.radius;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real FreeRADIUS 3 on loopback, for integration tests. The stock configuration is copied from
 * {@code /etc/freeradius/3.0} into a private directory and edited there: paths point into that
 * directory, privileges are not dropped, proxying is off, {@code reject_delay} is 0 (the stock 1 s
 * would race the tests' 2 x 500 ms attempts and turn a reject into "no answer"), the EAP module
 * (which needs the inner-tunnel server) and every stock virtual server are removed, and the files
 * in {@code src/test/resources/radius/} add one virtual server, one client and the users. Started
 * with {@code freeradius -X -d <dir>} (never {@code -i/-p}: that leaves the listener without a
 * virtual server), stopped by PID.
 */
public final class FreeRadiusServer implements AutoCloseable {
  static final Path STOCK_CONFIG = Path.of("/etc/freeradius/3.0");
  public static final String SECRET = "p2sgate-test-secret";

  private final Path dir;
  private final int authPort;
  private final int acctPort;
  private Process process;

  private java.util.List<String> prefix = java.util.List.of();

  private FreeRadiusServer(Path dir, int authPort, int acctPort) {
    this.dir = dir;
    this.authPort = authPort;
    this.acctPort = acctPort;
  }

  /** Fails (does not skip) when FreeRADIUS is missing: CI installs it. */
  static Path binary() {
    for (String candidate : new String[] {"/usr/sbin/freeradius", "/usr/sbin/radiusd"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    throw new AssertionError(
        "FreeRADIUS is not installed (no /usr/sbin/freeradius); these tests need a real server:"
            + " apt-get install -y freeradius freeradius-utils");
  }

  public static FreeRadiusServer start(Path parent, String name) throws Exception {
    return start(parent, name, java.util.List.of());
  }

  /**
   * As {@link #start(Path, String)}, with the server run under {@code prefix} (for example {@code
   * ip netns exec NS}, so that a gateway in that namespace reaches it on its loopback).
   */
  public static FreeRadiusServer start(Path parent, String name, java.util.List<String> prefix)
      throws Exception {
    Path bin = binary();
    if (!Files.isDirectory(STOCK_CONFIG)) {
      throw new AssertionError("FreeRADIUS is installed but " + STOCK_CONFIG + " is missing");
    }
    Path dir = parent.resolve(name);
    run("cp", "-a", STOCK_CONFIG.toString(), dir.toString());
    FreeRadiusServer server = new FreeRadiusServer(dir, freeUdpPort(), freeUdpPort());
    server.prefix = java.util.List.copyOf(prefix);
    server.configure();
    server.launch(bin);
    return server;
  }

  private void configure() throws IOException {
    Path conf = dir.resolve("radiusd.conf");
    String radiusd = Files.readString(conf);
    radiusd =
        radiusd
            .replaceAll("(?m)^raddbdir = .*$", "raddbdir = " + dir)
            .replaceAll("(?m)^run_dir = .*$", "run_dir = " + dir.resolve("run"))
            .replaceAll("(?m)^logdir = .*$", "logdir = " + dir.resolve("log"))
            .replaceAll("(?m)^(\\s*)(user|group) = .*$", "$1# $2 dropped by p2sgate tests")
            .replaceAll("(?m)^proxy_requests\\s*=.*$", "proxy_requests = no")
            .replaceAll("(?m)^(\\s*)reject_delay = .*$", "$1reject_delay = 0");
    Files.writeString(conf, radiusd);
    Files.createDirectories(dir.resolve("run"));
    Files.createDirectories(dir.resolve("log"));
    try (var sites = Files.list(dir.resolve("sites-enabled"))) {
      for (Path p : sites.toList()) {
        Files.delete(p);
      }
    }
    Files.deleteIfExists(dir.resolve("mods-enabled/eap"));
    copyResource("site", dir.resolve("sites-enabled/p2sgate"));
    copyResource("clients.conf", dir.resolve("clients.conf"));
    copyResource("users", dir.resolve("mods-config/files/authorize"));
    copyResource("detail_p2sgate", dir.resolve("mods-enabled/detail_p2sgate"));
  }

  private void copyResource(String name, Path target) throws IOException {
    try (InputStream in = FreeRadiusServer.class.getResourceAsStream("/radius/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource radius/" + name);
      }
      String text =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .replace("@SECRET@", SECRET)
              .replace("@DIR@", dir.toString())
              .replace("@AUTH_PORT@", Integer.toString(authPort))
              .replace("@ACCT_PORT@", Integer.toString(acctPort));
      Files.deleteIfExists(target);
      Files.writeString(target, text);
    }
  }

  private java.util.List<String> command(Path bin) {
    java.util.List<String> c = new java.util.ArrayList<>(prefix);
    c.addAll(java.util.List.of(bin.toString(), "-X", "-d", dir.toString()));
    return c;
  }

  private void launch(Path bin) throws Exception {
    Path log = dir.resolve("freeradius.log");
    process = new ProcessBuilder(command(bin)).redirectErrorStream(true).start();
    CountDownLatch ready = new CountDownLatch(1);
    Thread pump =
        Thread.ofVirtual()
            .start(
                () -> {
                  try (BufferedReader r =
                          new BufferedReader(
                              new InputStreamReader(
                                  process.getInputStream(), StandardCharsets.UTF_8));
                      var w = Files.newBufferedWriter(log)) {
                    for (String line; (line = r.readLine()) != null; ) {
                      w.write(line);
                      w.newLine();
                      w.flush();
                      if (line.contains("Ready to process requests")) {
                        ready.countDown();
                      }
                    }
                  } catch (IOException e) {
                    // the process was stopped and its output closed: nothing more to copy
                  }
                });
    if (!ready.await(20, TimeUnit.SECONDS)) {
      stop();
      pump.join(2000);
      throw new AssertionError(
          "FreeRADIUS did not become ready within 20 s; its output:\n" + Files.readString(log));
    }
  }

  public int authPort() {
    return authPort;
  }

  public int acctPort() {
    return acctPort;
  }

  /** The server's {@code -X} output: every request it received ("Received Access-Request ..."). */
  public Path logFile() {
    return dir.resolve("freeradius.log");
  }

  public Path detailFile() {
    return dir.resolve("detail.log");
  }

  public long pid() {
    return process.pid();
  }

  /** SIGTERM by PID, then SIGKILL if it lingers. */
  public void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
  }
}
