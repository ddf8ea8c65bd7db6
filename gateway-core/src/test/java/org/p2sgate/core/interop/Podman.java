package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * podman (runc, as root) for the container tests: the local base images, a build of {@code
 * docker/Dockerfile}, containers put into a {@link Testbed}'s namespace ({@code --network
 * ns:/run/netns/NS}; never podman's bridge for traffic), each removed by its id.
 *
 * <p>The public base images cannot be pulled here: {@code scripts/podman-setup.sh} makes local
 * stand-ins (a debootstrapped Debian, a jlinked JRE, FreeRADIUS, Prometheus), once per machine, and
 * prints their names; a missing tool fails loudly.
 */
final class Podman implements AutoCloseable {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> containers = new ArrayList<>();
  private final List<String> images = new ArrayList<>();
  private final Thread cleanupHook = new Thread(this::cleanup);

  Podman() {
    Runtime.getRuntime().addShutdownHook(cleanupHook);
  }

  /**
   * The local base images by key (DEBIAN, JRE, FREERADIUS, PROMETHEUS), made when missing, and the
   * Dockerfile linter (LINT).
   */
  static Map<String, String> baseImages() {
    Sh.Result r = run(900, "bash", ROOT.resolve("scripts/podman-setup.sh").toString());
    if (r.exit() != 0) {
      fail("scripts/podman-setup.sh failed (" + r.exit() + "):\n" + r.output());
    }
    Map<String, String> images = new HashMap<>();
    for (String line : r.output().split("\n")) {
      if (line.matches("[A-Z]+=(localhost/|/)\\S+")) {
        images.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    return images;
  }

  /**
   * Builds {@code docker/Dockerfile}'s {@code prebuilt} stage (the jar of this build) on {@code
   * base} as {@code tag}; removed by {@link #close()}. Returns the build's output.
   */
  String buildGatewayImage(String base, String tag, String version) {
    images.add(tag);
    String revision = Sh.tryRun("git", "-C", ROOT.toString(), "rev-parse", "HEAD").output().strip();
    return ok(
        300,
        "podman",
        "build",
        "--format",
        "docker", // HEALTHCHECK and STOPSIGNAL live in the Docker format, not in OCI's
        "--network",
        "none", // the stand-in base has iproute2: the build needs no network
        "--target",
        "prebuilt",
        "--build-arg",
        "BASE=" + base,
        "--build-arg",
        "VERSION=" + version,
        "--build-arg",
        "REVISION=" + (revision.matches("[0-9a-f]{40}") ? revision : "unknown"),
        "-f",
        ROOT.resolve("docker/Dockerfile").toString(),
        "-t",
        tag,
        ROOT.toString());
  }

  /** Marks an image made by the test for removal by {@link #close()}. */
  void ownImage(String tag) {
    images.add(tag);
  }

  /** {@code podman run -d --name NAME OPTIONS IMAGE ARGS}; returns the container id. */
  String runDetached(String name, List<String> options, String image, List<String> args) {
    List<String> cmd = new ArrayList<>(List.of("podman", "run", "-d", "--name", name));
    cmd.addAll(options);
    cmd.add(image);
    cmd.addAll(args);
    String id = ok(60, cmd.toArray(String[]::new)).strip();
    id = id.substring(id.lastIndexOf('\n') + 1);
    containers.add(id);
    return id;
  }

  /** The options that put a container into {@code ns} with only CAP_NET_ADMIN and the TUN. */
  static List<String> gatewayOptions(String ns) {
    return List.of(
        "--network",
        "ns:/run/netns/" + ns,
        "--cap-drop",
        "all",
        "--cap-add",
        "NET_ADMIN",
        "--device",
        "/dev/net/tun");
  }

  static JsonNode inspect(String what, String... more) {
    List<String> cmd = new ArrayList<>(List.of("podman", what, "inspect"));
    cmd.addAll(List.of(more));
    try {
      return JSON.readTree(ok(30, cmd.toArray(String[]::new))).get(0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean running(String id) {
    Sh.Result r = Sh.tryRun("podman", "inspect", "-f", "{{.State.Running}}", id);
    return r.exit() == 0 && r.output().strip().equals("true");
  }

  /** The container's output so far, also written to {@code file} (for LogSecrets). */
  static String logs(String id, Path file) throws IOException {
    if (!id.matches("[0-9a-f]{12,64}")) {
      throw new IllegalArgumentException("not a container id: " + id);
    }
    // the container's stderr comes out on podman's stderr: both, in order
    String out = run(30, "sh", "-c", "podman logs " + id + " 2>&1").output();
    Files.writeString(file, out);
    return out;
  }

  /** Waits until the container's output holds {@code text}; fails with its tail otherwise. */
  static void awaitLog(String id, Path file, String text, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      if (logs(id, file).contains(text)) {
        return;
      }
      if (!running(id)) {
        fail("container exited before '" + text + "':\n" + Testbed.tail(file, 40));
      }
      Thread.sleep(200);
    }
    fail("no '" + text + "' after " + timeoutMs + " ms:\n" + Testbed.tail(file, 40));
  }

  /** Stops (SIGTERM, SIGKILL after {@code graceSecs}); returns the time it took in ms. */
  static long stop(String id, int graceSecs) {
    long t0 = System.nanoTime();
    ok(graceSecs + 30, "podman", "stop", "-t", String.valueOf(graceSecs), id);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  static String ok(int timeoutSecs, String... cmd) {
    Sh.Result r = run(timeoutSecs, cmd);
    if (r.exit() != 0) {
      throw new IllegalStateException(
          "command failed (" + r.exit() + "): " + String.join(" ", cmd) + "\n" + r.output());
    }
    return r.output();
  }

  /** As {@link Sh#tryRun}, bounded by {@code timeoutSecs}; stderr is kept apart from stdout. */
  static Sh.Result run(int timeoutSecs, String... cmd) {
    try {
      Path err = Files.createTempFile("podman-err", ".txt");
      try {
        Process p = new ProcessBuilder(List.of(cmd)).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // read while it runs: a full pipe would stall it
        Thread reader =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        p.getInputStream().transferTo(out);
                      } catch (IOException ignored) {
                        // the process was killed
                      }
                    });
        if (!p.waitFor(timeoutSecs, TimeUnit.SECONDS)) {
          p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          return new Sh.Result(
              -1, "timed out after " + timeoutSecs + " s: " + String.join(" ", cmd));
        }
        reader.join(5000);
        String text = out.toString(StandardCharsets.UTF_8);
        return new Sh.Result(
            p.exitValue(),
            p.exitValue() == 0 ? text : text + Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      return new Sh.Result(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Sh.Result(-1, "interrupted");
    }
  }

  @Override
  public void close() {
    cleanup();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupHook);
    } catch (IllegalStateException ignored) {
      // JVM already shutting down
    }
  }

  private synchronized void cleanup() {
    for (String id : containers) {
      run(40, "podman", "rm", "-f", "-t", "5", id);
    }
    containers.clear();
    for (String image : images) {
      run(60, "podman", "rmi", "-f", image);
    }
    images.clear();
  }
}
