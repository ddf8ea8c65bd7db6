package org.p2sgate.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the openssl/openvpn command-line tools that tests cross-check against. */
public final class Tools {
  private Tools() {}

  public static boolean available(String tool) {
    return resolve(tool) != null;
  }

  /** The absolute path of a tool on PATH or in /usr/sbin, /sbin; {@code null} if absent. */
  public static String resolve(String tool) {
    String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
    for (String d : path.split(":")) {
      if (!d.isEmpty() && Path.of(d, tool).toFile().canExecute()) {
        return Path.of(d, tool).toString();
      }
    }
    return null;
  }

  /** Runs a command in {@code dir}; returns its combined output; fails on a non-zero exit. */
  public static String run(Path dir, String... command) throws IOException, InterruptedException {
    String[] cmd = command.clone();
    String exe = resolve(cmd[0]);
    cmd[0] = exe != null ? exe : cmd[0];
    Process p =
        new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " timed out");
    }
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
    }
    return out;
  }
}
