package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's "Operating it" examples, run as they are: its {@code admin:} line configures the
 * gateway, and its {@code sh} block runs line by line (stopping at the first failure) in the
 * gateway's namespace, against a real client whose certificate is alice's.
 */
class ReadmeExamplesIT {
  @Test
  void theOperatingExamplesRunAsWritten() throws Exception {
    String section = section(Files.readString(Path.of("..", "README.md")), "## Operating it");
    String adminYaml = block(section, "```yaml\nadmin:").lines().findFirst().orElseThrow();
    String script = block(section, "```sh\n");
    assertTrue(script.contains("$A/api/v1/drain"), script);
    try (Testbed bed = new Testbed(1)) {
      bed.pki.leaf("alice", "ca", "clientAuth", Pki.EC_P256);
      // the README's token-file is relative to the YAML file, which lives in the testbed folder
      GatewayUnderTest gw = GatewayUnderTest.yaml(bed, "readme", "udp", adminYaml).start();
      OpenVpnClient alice =
          new OpenVpnClient(bed, 1, "udp", "tls-crypt", "alice", List.of()).start().awaitUp();
      try {
        String id =
            new ObjectMapper()
                .readTree(
                    AdminApiIT.curl(
                        bed,
                        "/api/v1/sessions",
                        "-H",
                        "Authorization: Bearer "
                            + Files.readString(bed.dir.resolve("admin.token")).strip()))
                .get("sessions")
                .get(0)
                .get("id")
                .asText();
        Sh.Result run =
            Sh.tryRun(
                "ip",
                "netns",
                "exec",
                bed.gateway,
                "bash",
                "-c",
                "set -euo pipefail -x; cd "
                    + bed.dir
                    + "; ID="
                    + id
                    + "; PID="
                    + gw.process.pid()
                    + "\n"
                    + script);
        assertEquals(
            0,
            run.exit(),
            "the README's lines:\n" + run.output() + "\ngateway:\n" + Testbed.tail(gw.log, 15));
        assertTrue(run.output().contains("\"told\":"), run.output());
        Testbed.awaitLog(gw.log, "status: session", gw.process, 5_000);
        assertTrue(
            alice.log().contains("Halt command was pushed by server")
                || alice.log().contains("Connection reset command was pushed by server"),
            Testbed.tail(alice.log, 20));
        assertTrue(gw.process.waitFor(30, TimeUnit.SECONDS), "drained and empty: it stops");
      } finally {
        alice.stop();
        gw.stop();
      }
    }
  }

  /** From {@code heading} to the next heading of the same level. */
  static String section(String readme, String heading) {
    int from = readme.indexOf(heading + "\n");
    assertTrue(from >= 0, heading + " is in the README");
    int to = readme.indexOf("\n## ", from + heading.length());
    return readme.substring(from, to < 0 ? readme.length() : to);
  }

  /** The body of the first fenced block starting with {@code opening}. */
  static String block(String text, String opening) {
    int from = text.indexOf(opening);
    assertTrue(from >= 0, opening + " is in the section");
    int body = text.indexOf('\n', from) + 1;
    return text.substring(body, text.indexOf("```", body));
  }
}
