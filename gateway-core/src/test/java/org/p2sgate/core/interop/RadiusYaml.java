package org.p2sgate.core.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.p2sgate.auth.radius.FreeRadiusServer;

/** Real FreeRADIUS servers in a testbed's gateway namespace, and the YAML that points at them. */
final class RadiusYaml {
  private RadiusYaml() {}

  /** A real FreeRADIUS listening on the gateway namespace's loopback. */
  static FreeRadiusServer inGatewayNamespace(Testbed bed, String name) throws Exception {
    return FreeRadiusServer.start(bed.dir, name, List.of("ip", "netns", "exec", bed.gateway));
  }

  /**
   * The {@code auth:} block for {@code policy} with {@code servers} (primary first).
   *
   * @param authLines more keys under {@code auth:}, indented by two spaces
   * @param radiusLines more keys under {@code auth.radius:}, indented by four spaces
   * @param serverOptions appended inside each server's braces, e.g. {@code ", timeout: 1s"}
   */
  static String auth(
      String policy,
      List<String> authLines,
      List<String> radiusLines,
      String serverOptions,
      FreeRadiusServer... servers) {
    List<String> lines = new ArrayList<>(List.of("auth:", "  policy: " + policy));
    lines.addAll(authLines);
    lines.add("  radius:");
    lines.addAll(radiusLines);
    lines.add(
        Arrays.stream(servers)
            .map(
                r ->
                    "{ host: 127.0.0.1, port: "
                        + r.authPort()
                        + ", accounting-port: "
                        + r.acctPort()
                        + ", secret: "
                        + FreeRadiusServer.SECRET
                        + serverOptions
                        + " }")
            .collect(Collectors.joining(", ", "    servers: [ ", " ]")));
    return String.join("\n", lines);
  }

  /** The {@code auth.token} line, with a secret file written in {@code bed}'s folder. */
  static String tokenLine(Testbed bed) throws java.io.IOException {
    Path secret = bed.dir.resolve("token.secret");
    Files.writeString(secret, "a-shared-secret-of-enough-length-" + System.nanoTime() + "\n");
    return "  token: { secret-file: " + secret + ", lifetime: 1h }";
  }

  /** FreeRADIUS' accounting detail file once it holds {@code text} (within 10 s), or as it is. */
  static String awaitDetail(FreeRadiusServer radius, String text) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    String detail = "";
    while (System.currentTimeMillis() < deadline && !detail.contains(text)) {
      Thread.sleep(200);
      Path file = radius.detailFile();
      detail = Files.exists(file) ? Files.readString(file) : "";
    }
    return detail;
  }
}
