package org.p2sgate.core.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short commands with a time bound; fails loudly with their output. */
final class Sh {
  private Sh() {}

  /** Runs {@code cmd}; returns stdout+stderr; throws if it fails or takes more than 30 s. */
  static String run(String... cmd) {
    Result r = tryRun(cmd);
    if (r.exit != 0) {
      throw new IllegalStateException(
          "command failed (" + r.exit + "): " + String.join(" ", cmd) + "\n" + r.output);
    }
    return r.output;
  }

  record Result(int exit, String output) {}

  static Result tryRun(String... cmd) {
    try {
      Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "timed out");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  /** {@code ip netns exec NS cmd...}; throws if it fails. */
  static String ns(String ns, String... cmd) {
    return run(inNamespace(ns, cmd));
  }

  static Result tryNs(String ns, String... cmd) {
    return tryRun(inNamespace(ns, cmd));
  }

  private static String[] inNamespace(String ns, String... cmd) {
    String[] full = new String[cmd.length + 4];
    full[0] = "ip";
    full[1] = "netns";
    full[2] = "exec";
    full[3] = ns;
    System.arraycopy(cmd, 0, full, 4, cmd.length);
    return full;
  }
}
