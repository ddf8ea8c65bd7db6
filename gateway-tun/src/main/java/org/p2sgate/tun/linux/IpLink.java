package org.p2sgate.tun.linux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.p2sgate.tun.TunSpec;

/**
 * Configures a network interface with the {@code ip} command of iproute2: address, MTU, link up.
 * The arguments go to the process as a list, never through a shell.
 */
final class IpLink {

  private static final long TIMEOUT_SECONDS = 10;
  private static final List<String> FALLBACK_PATHS =
      List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip");

  private IpLink() {}

  /**
   * {@code ip address add CIDR dev NAME; [ip -6 address add CIDR6 dev NAME nodad;] ip link set dev
   * NAME mtu MTU [txqueuelen N] up}. The IPv6 address skips duplicate address detection: the device
   * is point to point and the gateway's own, and the address must be usable at once.
   */
  static void configure(String name, TunSpec spec) throws IOException {
    run("address", "add", spec.cidr(), "dev", name);
    if (spec.address6() != null) {
      run("-6", "address", "add", spec.cidr6(), "dev", name, "nodad");
    }
    List<String> link =
        new java.util.ArrayList<>(List.of("link", "set", "dev", name, "mtu", "" + spec.mtu()));
    if (spec.txQueueLen() > 0) {
      link.addAll(List.of("txqueuelen", Integer.toString(spec.txQueueLen())));
    }
    link.add("up");
    run(link.toArray(String[]::new));
  }

  /** Runs {@code ip ARGS...}; returns its output, or throws with the output if it fails. */
  static String run(String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(args.length + 1);
    command.add(ipCommand());
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("cannot run 'ip' (iproute2): " + e.getMessage(), e);
    }
    try {
      // ip prints far less than a pipe buffer, so waiting before reading cannot deadlock
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("'" + String.join(" ", command) + "' timed out");
      }
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        throw new IOException(
            "'"
                + String.join(" ", command)
                + "' failed (exit "
                + process.exitValue()
                + "): "
                + output);
      }
      return output;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException(
          "interrupted while running ip " + String.join(" ", args));
    } finally {
      process.getInputStream().close();
      process.getOutputStream().close();
    }
  }

  /**
   * {@code ip} from PATH, else from the usual sbin directories (PATH of a service may lack them).
   */
  private static String ipCommand() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "ip"))) {
          return Path.of(dir, "ip").toString();
        }
      }
    }
    for (String candidate : FALLBACK_PATHS) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "ip";
  }
}
