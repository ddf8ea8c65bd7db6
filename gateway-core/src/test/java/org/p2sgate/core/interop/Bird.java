package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real BIRD 2 routing daemon (Debian's {@code bird2}) in a namespace of the testbed: its own
 * config file, control socket, PID file and log in the testbed's directory, in the foreground as a
 * child of the test, stopped by its handle with the testbed.
 */
final class Bird {
  final Testbed bed;
  final String ns;
  final Path conf;
  final Path socket;
  final Path log;

  /** What BIRD prints itself (configuration errors). */
  final Path out;

  Process process;

  Bird(Testbed bed, String ns, String name) {
    this.bed = bed;
    this.ns = ns;
    this.conf = bed.dir.resolve("bird-" + name + ".conf");
    this.socket = bed.dir.resolve("bird-" + name + ".ctl");
    this.log = bed.dir.resolve("bird-" + name + ".log");
    this.out = bed.dir.resolve("bird-" + name + ".out");
  }

  /** Fails the test (never skips it) without BIRD: CI installs it. */
  static void requireInstalled() {
    for (String tool : new String[] {"bird", "birdc"}) {
      if (Sh.tryRun("sh", "-c", "command -v " + tool).exit() != 0) {
        fail(tool + " is not installed: apt-get install bird2 (scripts/test.sh does in CI)");
      }
    }
  }

  /** Writes {@code config} (a log line to this daemon's log is added) and starts BIRD. */
  Bird start(String config) throws Exception {
    write(config);
    process =
        bed.start(
            ns,
            out,
            "bird",
            "-f",
            "-c",
            conf.toString(),
            "-s",
            socket.toString(),
            "-P",
            bed.dir.resolve(conf.getFileName() + ".pid").toString());
    return this;
  }

  /** Replaces the configuration and has the running daemon apply it ({@code birdc configure}). */
  void reconfigure(String config) throws Exception {
    write(config);
    String out = Sh.ns(ns, "birdc", "-s", socket.toString(), "configure");
    if (!out.contains("Reconfigured")) {
      fail("birdc configure: " + out + "\n" + Testbed.tail(log, 20));
    }
  }

  private void write(String config) throws Exception {
    Files.writeString(conf, "log \"" + log + "\" all;\n" + config);
  }

  /** Waits until table {@code table} of this namespace lists {@code prefix}, or no longer does. */
  void awaitKernelRoute(int table, String prefix, boolean present, long timeoutMs)
      throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      String routes = Sh.tryNs(ns, "ip", "-4", "route", "show", "table", "" + table).output();
      if (routes.contains(prefix + " ") == present) {
        return;
      }
      if (process != null && !process.isAlive()) {
        fail("bird exited:\n" + Testbed.tail(out, 10) + "\n" + Testbed.tail(log, 30));
      }
      Thread.sleep(100);
    }
    fail(
        "table "
            + table
            + (present ? " has no " : " still has ")
            + prefix
            + " after "
            + timeoutMs
            + " ms:\n"
            + Testbed.tail(log, 30));
  }
}
