package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/Dockerfile} and the CI stand-ins' Containerfiles pass dockerfilelint (npm 1.8.0;
 * hadolint is not packaged here) with {@code docker/.dockerfilelintrc}, and the Dockerfile keeps
 * the conventions the image promises, read from its text: public bases by {@code ARG} with a pinned
 * tag, a runtime stage last, a non-root user, the volumes, the health check, the stop signal, the
 * OCI labels and an exec-form entry point. The image built from it is checked by {@link
 * ContainerImageIT}.
 */
@Tag("netns")
class DockerfileIT {
  static final Path DOCKER = Podman.ROOT.resolve("docker");

  @Test
  void dockerfilesPassTheLinterAndTheLinterCatchesMistakes() throws Exception {
    String lint = Podman.baseImages().get("LINT");
    List<Path> files = new ArrayList<>(List.of(DOCKER.resolve("Dockerfile")));
    try (var ci = Files.list(DOCKER.resolve("ci"))) {
      ci.filter(p -> p.toString().endsWith(".Containerfile")).sorted().forEach(files::add);
    }
    assertEquals(4, files.size(), files.toString());
    for (Path f : files) {
      Sh.Result r = Sh.tryRun(lint, "-c", DOCKER.toString(), f.toString());
      assertEquals(0, r.exit(), "dockerfilelint " + f + ":\n" + r.output());
    }
    // the same linter and rules refuse a file with the usual mistakes
    Path bad = Files.createTempFile("Dockerfile-bad", "");
    try {
      Files.writeString(
          bad, "FROM debian:latest\nRUN apt-get update && apt-get install -y curl\nCMD [\"sh\"]\n");
      Sh.Result r = Sh.tryRun(lint, "-c", DOCKER.toString(), bad.toString());
      assertTrue(
          r.exit() >= 2, "latest tag and apt-get without --no-install-recommends:\n" + r.output());
    } finally {
      Files.deleteIfExists(bad);
    }
  }

  @Test
  void dockerfileKeepsTheImageConventions() throws Exception {
    String text = Files.readString(DOCKER.resolve("Dockerfile")).replace("\\\n", " ");
    List<String> lines = text.lines().map(String::strip).filter(l -> !l.startsWith("#")).toList();

    // public bases, chosen by ARG, each with a pinned tag; FROM uses them
    Matcher arg = Pattern.compile("(?m)^ARG (\\w*BASE)=(\\S+)$").matcher(text);
    List<String> bases = new ArrayList<>();
    while (arg.find()) {
      bases.add(arg.group(1));
      String image = arg.group(2);
      assertTrue(image.matches("[a-z0-9./-]+:[A-Za-z0-9._-]+"), "tagged: " + image);
      assertFalse(image.endsWith(":latest"), image);
    }
    assertEquals(List.of("BUILD_BASE", "BASE"), bases);
    assertTrue(lines.contains("FROM ${BUILD_BASE} AS build"), text);
    assertTrue(lines.contains("FROM ${BASE} AS base"), text);
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals("FROM base AS runtime", froms.get(froms.size() - 1), "the default target last");
    assertTrue(froms.contains("FROM base AS prebuilt"), froms.toString());

    // the runtime side: a user that is not root, volumes, health, stop signal, labels, entry point
    Matcher user = Pattern.compile("(?m)^USER (\\S+)$").matcher(text);
    assertTrue(user.find(), "a USER line");
    assertFalse(user.group(1).matches("(root|0)(:.*)?"), user.group(1));
    assertTrue(text.contains("VOLUME [\"/etc/p2sgate\", \"/var/lib/p2sgate\"]"), text);
    assertTrue(
        Pattern.compile("(?m)^HEALTHCHECK .*CMD \\[\"/opt/p2sgate/healthcheck\"\\]$")
            .matcher(text)
            .find(),
        text);
    assertTrue(lines.contains("STOPSIGNAL SIGTERM"), text);
    for (String label : List.of("version", "source", "licenses", "revision")) {
      assertTrue(text.contains("org.opencontainers.image." + label + "="), label);
    }
    Matcher entry = Pattern.compile("(?m)^ENTRYPOINT (\\[.*\\])$").matcher(text);
    assertTrue(entry.find(), "exec-form ENTRYPOINT (signals reach java)");
    assertTrue(
        entry.group(1).startsWith("[\"java\", \"--enable-native-access=ALL-UNNAMED\""),
        entry.group(1));
    // only the build stage runs Maven; the runtime stages take the jar
    int base = text.indexOf("FROM ${BASE} AS base");
    assertFalse(text.substring(base).contains("mvn "), "no build tool after the build stage");
    assertFalse(text.contains("ADD http"), "no downloads into layers");

    // the health check script speaks HTTP to /healthz without curl
    String health =
        String.join(
            "\n",
            Files.readAllLines(DOCKER.resolve("healthcheck.sh")).stream()
                .filter(l -> !l.strip().startsWith("#"))
                .toList());
    assertTrue(health.contains("GET /healthz"), health);
    assertFalse(health.contains("curl") || health.contains("wget"), health);
  }
}
