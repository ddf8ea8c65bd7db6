package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SIGHUP and {@code POST /api/v1/reload} with real clients: a changed push reaches the next client
 * while the connected one stays up; a change that needs a restart and a broken file are refused
 * with a message naming the key while the gateway serves on; a revocation list added by a reload
 * ends the session it names; SIGUSR2 logs the status.
 */
class ReloadIT {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void reloadAppliesWhatItCanAndRefusesTheRestWhileServing() throws Exception {
    try (Testbed bed = new Testbed(2)) {
      Path token = bed.dir.resolve("admin.token");
      GatewayUnderTest gw =
          GatewayUnderTest.yaml(
                  bed,
                  "reload",
                  "udp",
                  "admin: { listen: 127.0.0.1:9194, token-file: " + token + " }")
              .start();
      OpenVpnClient one =
          new OpenVpnClient(bed, 1, "udp", "tls-crypt", "client01", List.of("route-noexec"))
              .start()
              .awaitUp();
      OpenVpnClient two = null;
      String bearer = "Authorization: Bearer " + Files.readString(token).strip();
      try {
        assertTrue(!one.log().contains("198.18.7.0"), "no second route before the reload");

        // a new pushed route: SIGHUP, the next client gets it, the first stays connected
        gw.editYaml(
            y ->
                y.replace("routes: [ 198.18.1.0/24 ]", "routes: [ 198.18.1.0/24, 198.18.7.0/24 ]"));
        signal(gw, "HUP");
        Testbed.awaitLog(gw.log, "configuration reloaded", gw.process, 10_000);
        two =
            new OpenVpnClient(bed, 2, "udp", "tls-crypt", "client02", List.of("route-noexec"))
                .start()
                .awaitUp();
        assertTrue(two.log().contains("route 198.18.7.0 255.255.255.0"), Testbed.tail(two.log, 30));
        assertTrue(one.ping(), "the first client's session survived the reload");
        assertEquals(1, OpenVpnInteropIT.count(one.log(), "Initialization Sequence Completed"));

        // a change that needs a restart: refused, named, and the gateway serves on
        gw.editYaml(y -> y.replace("port: 1194", "port: 1195"));
        signal(gw, "HUP");
        Testbed.awaitLog(
            gw.log,
            "not reloaded: listen changed, which needs a restart; still running the previous"
                + " configuration",
            gw.process,
            10_000);
        JsonNode refused =
            JSON.readTree(AdminApiIT.curl(bed, "/api/v1/reload", "-X", "POST", "-H", bearer));
        assertEquals(false, refused.get("reloaded").asBoolean(), refused.toString());
        assertTrue(refused.get("error").asText().contains("listen changed"), refused.toString());
        gw.editYaml(
            y ->
                y.replace("port: 1195", "port: 1194")
                    .replace("pool: 10.8.0.0/24", "pool: 10.8.0.0/33"));
        JsonNode broken =
            JSON.readTree(AdminApiIT.curl(bed, "/api/v1/reload", "-X", "POST", "-H", bearer));
        assertTrue(broken.get("error").asText().contains("pool"), broken.toString());
        assertTrue(one.ping() && two.ping(), "both clients still served");

        // a reload that adds a revocation list naming client01 ends its session at once
        Path list = bed.dir.resolve("revoked.txt");
        Files.writeString(list, bed.pki.thumbprint("client01.crt") + "\n");
        gw.editYaml(
            y ->
                y.replace("pool: 10.8.0.0/33", "pool: 10.8.0.0/24")
                    + "revocation: { thumbprints: [ "
                    + list
                    + " ] }\n");
        JsonNode ok =
            JSON.readTree(AdminApiIT.curl(bed, "/api/v1/reload", "-X", "POST", "-H", bearer));
        assertTrue(ok.get("reloaded").asBoolean(), ok.toString());
        Testbed.awaitLog(one.log, "AUTH_FAILED", null, 5_000);
        assertTrue(two.ping(), "client02 is not on the list");

        // SIGUSR2: the status, and each session, in the log; the same summary from the API
        signal(gw, "USR2");
        Testbed.awaitLog(gw.log, "status: session", gw.process, 5_000);
        String statusLine =
            gw.log().lines().filter(l -> l.contains("status: session")).reduce((a, b) -> b).get();
        assertTrue(statusLine.contains("user=client02"), statusLine);
        JsonNode status = JSON.readTree(AdminApiIT.curl(bed, "/api/v1/status", "-H", bearer));
        assertEquals(1, status.get("sessions").asInt(), status.toString());
        assertTrue(status.get("drops").isObject(), status.toString());
      } finally {
        one.stop();
        if (two != null) {
          two.stop();
        }
        assertTrue(gw.stop());
      }
    }
  }

  private static void signal(GatewayUnderTest gw, String name) {
    Sh.run("kill", "-" + name, Long.toString(gw.process.pid()));
  }
}
