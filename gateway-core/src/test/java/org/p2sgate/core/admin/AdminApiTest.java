package org.p2sgate.core.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.session.SessionInfo;
import org.slf4j.LoggerFactory;

/** The admin API's routes, in memory: token, filters, disconnects, and its OpenAPI document. */
class AdminApiTest {
  static final String TOKEN = "0123456789abcdef0123456789abcdef";
  static final ObjectMapper JSON = new ObjectMapper();

  static SessionInfo session(String id, String user, String tunnel, String real) {
    return new SessionInfo(
        id,
        user,
        "certificate+radius",
        null,
        real,
        "udp",
        tunnel,
        "AES-256-GCM",
        "TLSv1.3 TLS_AES_256_GCM_SHA384",
        10,
        20,
        1,
        2,
        1_700_000_000_000L,
        1_700_000_001_000L,
        "2.6.14",
        "linux",
        0,
        0);
  }

  /** A gateway with two sessions that records what it was asked to do. */
  static final class FakeGateway implements GatewayControl {
    final List<SessionInfo> live =
        new ArrayList<>(
            List.of(
                session("a1", "alice", "10.8.0.2", "198.51.100.7:5000"),
                session("b2", "bob", "10.8.0.3", "203.0.113.9:6000")));
    final List<String> told = new ArrayList<>();
    boolean ready = true;

    @Override
    public CompletableFuture<List<SessionInfo>> sessions() {
      return CompletableFuture.completedFuture(List.copyOf(live));
    }

    @Override
    public CompletableFuture<Integer> disconnect(Predicate<SessionInfo> which, boolean reconnect) {
      int n = 0;
      for (SessionInfo s : List.copyOf(live)) {
        if (which.test(s)) {
          live.remove(s);
          told.add(s.id() + (reconnect ? " RESTART" : " HALT"));
          n++;
        }
      }
      return CompletableFuture.completedFuture(n);
    }

    java.time.Duration drainedWithin;

    @Override
    public CompletableFuture<Integer> drain(java.time.Duration deadline) {
      drainedWithin = deadline;
      ready = false;
      return CompletableFuture.completedFuture(live.size());
    }

    @Override
    public List<String> notReady() {
      return ready ? List.of() : List.of("draining");
    }

    @Override
    public String metrics() {
      return "# HELP p2sgate_sessions x\n";
    }

    String reloadRefusal;

    @Override
    public CompletableFuture<String> reload() {
      return reloadRefusal == null
          ? CompletableFuture.completedFuture("configuration reloaded")
          : CompletableFuture.failedFuture(new ReloadRefused(reloadRefusal));
    }

    @Override
    public CompletableFuture<Map<String, Object>> status() {
      return CompletableFuture.completedFuture(
          Map.of("sessions", live.size(), "drops", Map.of("data_replay", 3L)));
    }
  }

  final FakeGateway gw = new FakeGateway();
  final AdminApi api =
      new AdminApi(
          gw,
          AdminToken.of(TOKEN),
          (user, query) ->
              user.equals("alice")
                  ? new ProfileSource.Outcome.Made(
                      "alice.ovpn", "application/x-openvpn-profile", "client\n".getBytes())
                  : new ProfileSource.Outcome.Refused(404, "no certificate for '" + user + "'"));

  AdminApi.Response call(String method, String path, Map<String, String> query, String auth) {
    return call(method, path, query, auth, "");
  }

  AdminApi.Response call(
      String method, String path, Map<String, String> query, String auth, String body) {
    return api.handle(
            new AdminApi.Request(
                method, path, query, auth, "127.0.0.1", 0, body.getBytes(StandardCharsets.UTF_8)))
        .join();
  }

  AdminApi.Response authed(String method, String path, Map<String, String> query) {
    return call(method, path, query, "Bearer " + TOKEN);
  }

  static JsonNode json(AdminApi.Response r) throws Exception {
    return JSON.readTree(new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void healthReadinessAndMetricsNeedNoToken() {
    assertEquals(200, call("GET", "/healthz", Map.of(), null).status());
    assertEquals(200, call("GET", "/readyz", Map.of(), null).status());
    gw.ready = false;
    assertEquals(503, call("GET", "/readyz", Map.of(), null).status());
    AdminApi.Response m = call("GET", "/metrics", Map.of(), null);
    assertEquals(200, m.status());
    assertTrue(m.contentType().startsWith("text/plain; version=0.0.4"));
    assertEquals(405, call("POST", "/healthz", Map.of(), null).status());
  }

  @Test
  void theApiNeedsTheTokenAndRefusalsAreLoggedOncePerSource() {
    Logger logger = (Logger) LoggerFactory.getLogger(AdminApi.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      for (String bad :
          new String[] {null, "Bearer nope", "Basic " + TOKEN, "Bearer " + TOKEN + "x"}) {
        assertEquals(401, call("GET", "/api/v1/sessions", Map.of(), bad).status(), bad);
      }
      assertEquals(1, logs.list.size(), "one line per source per minute");
      assertFalse(logs.list.get(0).getFormattedMessage().contains(TOKEN));
      assertTrue(gw.told.isEmpty());
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void sessionsAreListedFilteredAndFetched() throws Exception {
    JsonNode all = json(authed("GET", "/api/v1/sessions", Map.of()));
    assertEquals(2, all.get("sessions").size());
    JsonNode alice = json(authed("GET", "/api/v1/sessions", Map.of("user", "alice")));
    assertEquals("a1", alice.get("sessions").get(0).get("id").asText());
    assertEquals(
        "b2",
        json(authed("GET", "/api/v1/sessions", Map.of("address", "10.8.0.3")))
            .get("sessions")
            .get(0)
            .get("id")
            .asText());
    assertEquals(
        1,
        json(authed("GET", "/api/v1/sessions", Map.of("address", "198.51.100.7")))
            .get("sessions")
            .size());
    JsonNode one = json(authed("GET", "/api/v1/sessions/b2", Map.of()));
    assertEquals("bob", one.get("user").asText());
    assertEquals("2023-11-14T22:13:20Z", one.get("connectedSince").asText());
    assertEquals(404, authed("GET", "/api/v1/sessions/zz", Map.of()).status());
  }

  @Test
  void disconnectsTellTheClientToReconnectOrToStop() throws Exception {
    assertEquals(
        1, json(authed("DELETE", "/api/v1/sessions/a1", Map.of())).get("disconnected").asInt());
    assertEquals(404, authed("DELETE", "/api/v1/sessions/a1", Map.of()).status());
    assertEquals(
        1,
        json(authed("DELETE", "/api/v1/sessions", Map.of("user", "bob", "reconnect", "false")))
            .get("disconnected")
            .asInt());
    assertEquals(List.of("a1 RESTART", "b2 HALT"), gw.told);
    assertEquals(400, authed("DELETE", "/api/v1/sessions", Map.of()).status(), "says whom");
  }

  @Test
  void drainTakesADeadlineAndMakesTheGatewayUnready() throws Exception {
    String auth = "Bearer " + TOKEN;
    AdminApi.Response r = call("POST", "/api/v1/drain", Map.of(), auth, "{\"deadline\": \"30s\"}");
    assertEquals(202, r.status());
    assertEquals(2, json(r).get("told").asInt());
    assertEquals(java.time.Duration.ofSeconds(30), gw.drainedWithin);
    AdminApi.Response unready = call("GET", "/readyz", Map.of(), null);
    assertEquals(503, unready.status());
    assertEquals("not ready: draining\n", new String(unready.body(), StandardCharsets.UTF_8));
    assertEquals(202, call("POST", "/api/v1/drain", Map.of(), auth, "{\"deadline\": 5}").status());
    assertEquals(java.time.Duration.ofSeconds(5), gw.drainedWithin);
    assertEquals(202, call("POST", "/api/v1/drain", Map.of(), auth, "").status());
    assertEquals(AdminApi.DRAIN_DEFAULT, gw.drainedWithin);
    assertEquals(
        400, call("POST", "/api/v1/drain", Map.of(), auth, "{\"deadline\": \"soon\"}").status());
    assertEquals(
        400, call("POST", "/api/v1/drain", Map.of(), auth, "{\"deadline\": \"48h\"}").status());
    assertEquals(405, call("GET", "/api/v1/drain", Map.of(), auth).status());
  }

  @Test
  void reloadSaysWhatWasDoneOrWhyNot() throws Exception {
    assertEquals(401, call("POST", "/api/v1/reload", Map.of(), null).status());
    AdminApi.Response ok = authed("POST", "/api/v1/reload", Map.of());
    assertEquals(200, ok.status());
    assertEquals("configuration reloaded", json(ok).get("message").asText());
    gw.reloadRefusal = "not reloaded: listen changed, which needs a restart";
    AdminApi.Response refused = authed("POST", "/api/v1/reload", Map.of());
    assertEquals(409, refused.status());
    assertEquals(gw.reloadRefusal, json(refused).get("error").asText());
    assertEquals(405, authed("GET", "/api/v1/reload", Map.of()).status());
  }

  @Test
  void statusShowsTheDropCountersWhileRunning() throws Exception {
    assertEquals(401, call("GET", "/api/v1/status", Map.of(), null).status());
    JsonNode status = json(authed("GET", "/api/v1/status", Map.of()));
    assertEquals(3, status.get("drops").get("data_replay").asInt());
    assertEquals(2, status.get("sessions").asInt());
  }

  /** A profile needs the token; its bytes come back as they are; a refusal is JSON. */
  @Test
  void profilesAreServedWithTheTokenOnly() throws Exception {
    assertEquals(401, call("GET", "/api/v1/profiles/alice", Map.of(), null).status());
    AdminApi.Response ok = authed("GET", "/api/v1/profiles/alice", Map.of());
    assertEquals(200, ok.status());
    assertEquals("application/x-openvpn-profile", ok.contentType());
    assertEquals("client\n", new String(ok.body(), java.nio.charset.StandardCharsets.UTF_8));
    AdminApi.Response none = authed("GET", "/api/v1/profiles/bob", Map.of());
    assertEquals(404, none.status());
    assertEquals("no certificate for 'bob'", json(none).get("error").asText());
    assertEquals(
        405, call("DELETE", "/api/v1/profiles/alice", Map.of(), "Bearer " + TOKEN).status());
  }

  /** The OpenAPI document describes exactly the routes that exist. */
  @Test
  void theOpenApiDocumentMatchesTheRoutes() throws Exception {
    JsonNode doc = json(authed("GET", "/api/v1/openapi.json", Map.of()));
    assertEquals("3.0.3", doc.get("openapi").asText());
    TreeSet<String> described = new TreeSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> p = paths.next();
      for (Iterator<String> ops = p.getValue().fieldNames(); ops.hasNext(); ) {
        String op = ops.next();
        if (!op.equals("parameters")) {
          described.add(op.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
        }
      }
    }
    assertEquals(new TreeSet<>(AdminApi.ROUTES), described);
    for (String route : AdminApi.ROUTES) {
      String[] mp = route.split(" ");
      String path = mp[1].replace("{id}", "a1").replace("{user}", "alice");
      int status = authed(mp[0], path, Map.of("user", "alice")).status();
      assertTrue(status < 400, route + " exists: " + status);
      gw.live.clear();
      gw.live.add(session("a1", "alice", "10.8.0.2", "198.51.100.7:5000"));
    }
  }
}
