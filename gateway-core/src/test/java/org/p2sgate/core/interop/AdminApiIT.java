package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.radius.FreeRadiusServer;

/**
 * The operator's side with real tools: curl against the admin API while two real clients are
 * connected, {@code promtool check metrics} on a real scrape, a real Prometheus server storing the
 * series, and disconnects the clients obey (RESTART: reconnect; HALT: stop).
 */
@Tag("netns")
class AdminApiIT {
  static final String ADMIN = "http://127.0.0.1:9194";
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sessionsMetricsAndDisconnectsWithRealClientsAndRealPrometheus() throws Exception {
    try (Testbed bed = new Testbed(2);
        FreeRadiusServer radius = RadiusYaml.inGatewayNamespace(bed, "radius")) {
      Path token = bed.dir.resolve("admin.token");
      String auth =
          RadiusYaml.auth(
              "certificate+radius",
              List.of(),
              List.of("    accounting: true"),
              ", timeout: 2s, retries: 1",
              radius);
      GatewayUnderTest gw =
          GatewayUnderTest.yaml(
                  bed,
                  "admin",
                  "udp",
                  auth
                      + "\nadmin: { listen: 127.0.0.1:9194, token-file: "
                      + token
                      + ", session-metrics: true }\nlog: { format: json }")
              .start();
      // a real Prometheus scrapes the gateway from before the first login
      Process prometheus = prometheus(bed);
      long scrapedFrom = System.currentTimeMillis() / 1000;
      awaitQuery(bed, "p2sgate_pending_logins", prometheus);
      OpenVpnClient one = client(bed, 1, "carol").awaitUp();
      OpenVpnClient two = client(bed, 2, "dave").awaitUp();
      String bearer = "Authorization: Bearer " + Files.readString(token).strip();
      try {
        assertEquals("ok", curl(bed, "/healthz").strip());
        assertEquals("ready", curl(bed, "/readyz").strip());
        assertTrue(curlStatus(bed, "/api/v1/sessions").equals("401"), "the API needs the token");

        JsonNode sessions = JSON.readTree(curl(bed, "/api/v1/sessions", "-H", bearer));
        assertEquals(2, sessions.get("sessions").size(), sessions.toString());
        JsonNode first =
            JSON.readTree(curl(bed, "/api/v1/sessions?user=carol", "-H", bearer))
                .get("sessions")
                .get(0);
        assertEquals(one.tunnelIp, first.get("tunnelAddress").asText());
        assertEquals("certificate+radius", first.get("method").asText());
        assertEquals("2.6.14", first.get("clientVersion").asText().substring(0, 6));

        // promtool lints a real scrape
        Path scrape = bed.dir.resolve("scrape.txt");
        Files.writeString(scrape, curl(bed, "/metrics"));
        Sh.Result lint = Sh.tryRun("sh", "-c", "promtool check metrics < " + scrape);
        assertEquals(0, lint.exit(), "promtool check metrics:\n" + lint.output());
        assertTrue(
            Files.readString(scrape)
                .contains("p2sgate_sessions{method=\"certificate+radius\",transport=\"udp\"} 2"),
            Files.readString(scrape));
        assertTrue(
            Files.readString(scrape)
                .matches(
                    "(?s).*p2sgate_session_tunnel_bytes\\{address=\""
                        + one.tunnelIp.replace(".", "\\.")
                        + "\",direction=\"in\",session=\"[0-9a-f]+\",user=\"carol\"\\} [1-9].*"),
            "per-session series with session-metrics: true:\n" + Files.readString(scrape));

        // every session is owned by one data-path thread: the threads' gauges add up to 2
        java.util.regex.Matcher owned =
            java.util.regex.Pattern.compile(
                    "(?m)^p2sgate_data_path_sessions\\{thread=\"\\d+\"\\} ([0-9.]+)$")
                .matcher(Files.readString(scrape));
        double total = 0;
        int threads = 0;
        while (owned.find()) {
          total += Double.parseDouble(owned.group(1));
          threads++;
        }
        assertTrue(threads >= 1, "a gauge per data-path thread:\n" + Files.readString(scrape));
        assertEquals(2.0, total, "sessions over " + threads + " data-path threads");

        // the real Prometheus (started before the clients) has stored the series
        String stored = awaitQuery(bed, "p2sgate_sessions", prometheus);
        assertTrue(stored.contains("\"transport\":\"udp\""), stored);
        assertTrue(stored.contains("\"2\"]"), "2 sessions stored: " + stored);
        // traffic both ways for the throughput panel (and the README's picture of the panels)
        bed.startIperf(5201);
        Thread.sleep(500);
        Traffic.iperfTcpSeconds(bed, one.tunnelIp, 5201, false, 5);
        Traffic.iperfTcpSeconds(bed, two.tunnelIp, 5201, true, 5);
        // every expression of the Grafana dashboard returns data from the stored series
        JsonNode dashboard =
            JSON.readTree(Path.of("..", "docker", "grafana", "p2sgate-dashboard.json").toFile());
        int exprs = 0;
        for (JsonNode panel : dashboard.get("panels")) {
          for (JsonNode target : panel.get("targets")) {
            String expr = target.get("expr").asText();
            String result = awaitQuery(bed, java.net.URLEncoder.encode(expr, "UTF-8"), prometheus);
            assertTrue(result.contains("\"result\":[{"), panel.get("title") + ": " + result);
            exprs++;
          }
        }
        assertEquals(14, exprs);
        savePanels(bed, dashboard, scrapedFrom);
        // the alert rules are loaded and none fires
        String rules = curlPrometheus(bed, "/api/v1/rules");
        assertEquals(
            PrometheusRulesIT.alertRules(),
            OpenVpnInteropIT.count(rules, "\"type\":\"alerting\""),
            rules);
        assertTrue(!rules.contains("\"state\":\"firing\""), rules);

        // disconnects: RESTART makes client01 reconnect, HALT makes client02 stop
        String id = first.get("id").asText();
        assertEquals(
            1,
            JSON.readTree(curl(bed, "/api/v1/sessions/" + id, "-X", "DELETE", "-H", bearer))
                .get("disconnected")
                .asInt());
        one.awaitConnections(2, 30_000);
        JSON.readTree(
            curl(bed, "/api/v1/sessions?user=dave&reconnect=false", "-X", "DELETE", "-H", bearer));
        assertTrue(two.process.waitFor(20, TimeUnit.SECONDS), "HALT stops the client");
        assertTrue(
            two.log().contains("Halt command was pushed by server"), Testbed.tail(two.log, 20));
        String detail = RadiusYaml.awaitDetail(radius, "Acct-Terminate-Cause = Admin-Reset");
        assertEquals(
            2, OpenVpnInteropIT.count(detail, "Acct-Terminate-Cause = Admin-Reset"), detail);
        Testbed.stop(prometheus, 5000);

        // drain: not ready any more, the client is sent on to the next server of its list, and
        // the gateway stops once it is empty
        one.awaitUp();
        String drained =
            curl(bed, "/api/v1/drain", "-X", "POST", "-H", bearer, "-d", "{\"deadline\": \"20s\"}");
        assertEquals(1, JSON.readTree(drained).get("told").asInt(), drained);
        assertEquals("503", curlStatus(bed, "/readyz"));
        Testbed.awaitLog(
            one.log, "Connection reset command was pushed by server ('[N]')", one.process, 10_000);
        assertTrue(gw.process.waitFor(20, TimeUnit.SECONDS), "the drained gateway stops");
        assertEquals(0, gw.process.exitValue(), Testbed.tail(gw.log, 20));
        assertTrue(
            RadiusYaml.awaitDetail(radius, "Acct-Terminate-Cause = Admin-Reboot")
                .contains("Acct-Terminate-Cause = Admin-Reboot"),
            "a drained session's accounting stops with Admin-Reboot");
      } finally {
        one.stop();
        two.stop();
        assertTrue(gw.stop());
      }
      assertSessionEventsInJson(gw.log);
    }
  }

  /**
   * With {@code log: { format: json }} every line is one JSON object, and the session events carry
   * their fixed fields: a login of each user, the operator's disconnects and the drain.
   */
  private static void assertSessionEventsInJson(Path log) throws Exception {
    List<JsonNode> events = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      JsonNode j = JSON.readTree(line); // throws on a line that is not JSON
      assertTrue(j.has("@timestamp") && j.has("level") && j.has("message"), line);
      if (j.has("event")) {
        assertTrue(j.has("session") && j.has("source") && j.has("transport"), line);
        events.add(j);
      }
    }
    for (String user : List.of("carol", "dave")) {
      assertTrue(
          events.stream()
              .anyMatch(
                  e ->
                      e.get("event").asText().equals("login")
                          && e.get("result").asText().equals("ok")
                          && e.get("user").asText().equals(user)
                          && e.get("method").asText().equals("certificate+radius")
                          && e.has("address")
                          && e.has("cipher")),
          user + " logged in: " + events);
    }
    assertEquals(
        2,
        events.stream()
            .filter(
                e ->
                    e.get("event").asText().equals("disconnect")
                        && e.get("cause").asText().equals("operator")
                        && e.get("bytes_in").asLong() > 0)
            .count(),
        events.toString());
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e.get("event").asText().equals("disconnect")
                        && e.get("cause").asText().equals("drain")),
        events.toString());
  }

  private static OpenVpnClient client(Testbed bed, int index, String user) throws Exception {
    Path pass = bed.dir.resolve(user + ".pass");
    Files.writeString(pass, user + "\n" + user + "pass\n");
    return OpenVpnClient.withPassword(
            bed, index, String.format("client%02d", index), pass, "route-noexec")
        .start();
  }

  private static String curlPrometheus(Testbed bed, String path) {
    return Sh.ns(bed.gateway, "curl", "-sS", "--max-time", "5", "http://127.0.0.1:9090" + path);
  }

  static String curl(Testbed bed, String path, String... more) {
    String[] cmd = new String[5 + more.length];
    cmd[0] = "curl";
    cmd[1] = "-sS";
    cmd[2] = "--max-time";
    cmd[3] = "10";
    System.arraycopy(more, 0, cmd, 4, more.length);
    cmd[cmd.length - 1] = ADMIN + path;
    return Sh.ns(bed.gateway, cmd);
  }

  private static String curlStatus(Testbed bed, String path) {
    return Sh.ns(
            bed.gateway,
            "curl",
            "-s",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            "--max-time",
            "10",
            ADMIN + path)
        .strip();
  }

  /** Prometheus in the gateway's namespace, on its loopback, scraping the gateway every second. */
  private static Process prometheus(Testbed bed) throws Exception {
    Path conf = bed.dir.resolve("prometheus.yml");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "global: { scrape_interval: 1s, evaluation_interval: 1s }",
            "rule_files: [ '"
                + Path.of("..", "docker", "prometheus", "alerts.yml").toAbsolutePath()
                + "' ]",
            "scrape_configs:",
            "  - job_name: p2sgate",
            "    static_configs: [ { targets: [ '127.0.0.1:9194' ] } ]",
            ""));
    return bed.start(
        bed.gateway,
        bed.dir.resolve("prometheus.log"),
        "prometheus",
        "--config.file=" + conf,
        "--storage.tsdb.path=" + bed.dir.resolve("tsdb"),
        "--web.listen-address=127.0.0.1:9090");
  }

  /** Waits (30 s at most) until Prometheus' query API returns data for {@code query}. */
  /**
   * Keeps what each panel's expressions returned over the run in target/dashboard/ (one JSON file
   * per panel: title, and per expression Prometheus' query_range answer), for
   * scripts/dashboard-picture.sh to draw the README's picture from.
   */
  private static void savePanels(Testbed bed, JsonNode dashboard, long from) throws Exception {
    Path out = Files.createDirectories(Path.of("target", "dashboard"));
    long to = System.currentTimeMillis() / 1000;
    int n = 0;
    for (JsonNode panel : dashboard.get("panels")) {
      com.fasterxml.jackson.databind.node.ObjectNode saved = JSON.createObjectNode();
      saved.put("title", panel.get("title").asText());
      com.fasterxml.jackson.databind.node.ArrayNode targets = saved.putArray("targets");
      for (JsonNode target : panel.get("targets")) {
        String expr = target.get("expr").asText();
        String answer =
            curlPrometheus(
                bed,
                "/api/v1/query_range?start="
                    + from
                    + "&end="
                    + to
                    + "&step=1&query="
                    + java.net.URLEncoder.encode(expr, "UTF-8"));
        targets.addObject().put("expr", expr).set("answer", JSON.readTree(answer));
      }
      JSON.writeValue(out.resolve(String.format("panel-%02d.json", ++n)).toFile(), saved);
    }
  }

  static String awaitQuery(Testbed bed, String query, Process prometheus) throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      if (!prometheus.isAlive()) {
        fail("prometheus exited:\n" + Testbed.tail(bed.dir.resolve("prometheus.log"), 20));
      }
      Sh.Result r =
          Sh.tryNs(
              bed.gateway,
              "curl",
              "-sS",
              "--max-time",
              "5",
              "http://127.0.0.1:9090/api/v1/query?query=" + query);
      last = r.output();
      if (r.exit() == 0 && last.contains("\"result\":[{")) {
        return last;
      }
      Thread.sleep(500);
    }
    fail("no data for " + query + " from prometheus: " + last);
    return last;
  }
}
