package org.p2sgate.core.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.p2sgate.core.session.SessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API's routes, without sockets: a request in, a response (perhaps later) out.
 *
 * <ul>
 *   <li>{@code GET /healthz}: the process is alive;
 *   <li>{@code GET /readyz}: it serves new clients (503 while draining);
 *   <li>{@code GET /metrics}: Prometheus' text format;
 *   <li>{@code GET /api/v1/sessions[?user=&address=]}, {@code GET /api/v1/sessions/{id}};
 *   <li>{@code DELETE /api/v1/sessions/{id}[?reconnect=false]}, {@code DELETE
 *       /api/v1/sessions?user=NAME[&reconnect=false]}: the client is told to reconnect (or to
 *       stop), its address freed, accounting records Admin-Reset;
 *   <li>{@code POST /api/v1/drain}: stop admitting, move the clients on, stop when empty;
 *   <li>{@code POST /api/v1/reload}: read the configuration again (as SIGHUP does); 409 with the
 *       reason when it cannot be applied while running;
 *   <li>{@code GET /api/v1/status}: sessions, pending logins, pool use, drops by reason;
 *   <li>{@code GET /api/v1/profiles/{user}[?format=ovpn|azure&policy=P]}: the user's client
 *       profile, as {@code p2sgate profile} writes it;
 *   <li>{@code GET /api/v1/openapi.json}: this API, described.
 * </ul>
 *
 * Everything under {@code /api/} needs {@code Authorization: Bearer <token>}; a missing or wrong
 * token is 401, logged at most once a minute per source.
 */
public final class AdminApi {
  private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String JSON_TYPE = "application/json";
  static final String TEXT_TYPE = "text/plain; charset=utf-8";

  /** How often a source's refused requests are logged, at most. */
  static final long REFUSAL_LOG_EVERY_MS = 60_000;

  /** Sources remembered for that, at most (then the oldest are forgotten). */
  static final int REFUSAL_SOURCES = 1024;

  /** The routes that exist, as the OpenAPI document must describe them: "METHOD path". */
  static final List<String> ROUTES =
      List.of(
          "GET /healthz",
          "GET /readyz",
          "GET /metrics",
          "GET /api/v1/sessions",
          "DELETE /api/v1/sessions",
          "GET /api/v1/sessions/{id}",
          "DELETE /api/v1/sessions/{id}",
          "POST /api/v1/drain",
          "POST /api/v1/reload",
          "GET /api/v1/status",
          "GET /api/v1/profiles/{user}",
          "GET /api/v1/openapi.json");

  /**
   * An HTTP request.
   *
   * @param method GET, DELETE, ...
   * @param path the path without the query
   * @param query the query parameters (first value each)
   * @param authorization the Authorization header, or {@code null}
   * @param source who sent it, for the log
   * @param nowMs when it arrived
   * @param body the request body (empty for none)
   */
  public record Request(
      String method,
      String path,
      Map<String, String> query,
      String authorization,
      String source,
      long nowMs,
      byte[] body) {}

  /** An HTTP response. */
  public record Response(int status, String contentType, byte[] body) {
    static Response text(int status, String text) {
      return new Response(status, TEXT_TYPE, text.getBytes(StandardCharsets.UTF_8));
    }

    static Response json(int status, Object value) {
      try {
        return new Response(status, JSON_TYPE, JSON.writeValueAsBytes(value));
      } catch (IOException e) {
        return text(500, "cannot write JSON\n");
      }
    }
  }

  private final GatewayControl gateway;
  private final AdminToken token;
  private final Map<String, Long> lastRefusalLogged =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > REFUSAL_SOURCES;
        }
      };

  private final ProfileSource profiles;

  public AdminApi(GatewayControl gateway, AdminToken token) {
    this(gateway, token, ProfileSource.NONE);
  }

  public AdminApi(GatewayControl gateway, AdminToken token, ProfileSource profiles) {
    this.gateway = gateway;
    this.token = token;
    this.profiles = profiles;
  }

  /** Answers {@code r}; never fails (errors become 4xx/5xx responses). */
  public CompletableFuture<Response> handle(Request r) {
    try {
      return route(r).exceptionally(e -> Response.text(500, "internal error\n"));
    } catch (RuntimeException e) {
      log.error("admin API: {} {} failed", r.method(), r.path(), e);
      return CompletableFuture.completedFuture(Response.text(500, "internal error\n"));
    }
  }

  private CompletableFuture<Response> route(Request r) {
    String p = r.path();
    switch (p) {
      case "/healthz" -> {
        return done(only(r, "GET").orElseGet(() -> Response.text(200, "ok\n")));
      }
      case "/readyz" -> {
        return done(
            only(r, "GET")
                .orElseGet(
                    () -> {
                      List<String> why = gateway.notReady();
                      return why.isEmpty()
                          ? Response.text(200, "ready\n")
                          : Response.text(503, "not ready: " + String.join("; ", why) + "\n");
                    }));
      }
      case "/metrics" -> {
        return done(
            only(r, "GET")
                .orElseGet(
                    () ->
                        new Response(
                            200,
                            "text/plain; version=0.0.4; charset=utf-8",
                            gateway.metrics().getBytes(StandardCharsets.UTF_8))));
      }
      default -> {}
    }
    if (!p.startsWith("/api/")) {
      return done(Response.text(404, "no such path\n"));
    }
    if (!token.matches(r.authorization())) {
      logRefusal(r);
      return done(
          Response.json(401, Map.of("error", "a valid 'Authorization: Bearer' token is needed")));
    }
    if (p.equals("/api/v1/drain")) {
      return r.method().equals("POST") ? drain(r) : done(notAllowed());
    }
    if (p.equals("/api/v1/reload")) {
      return r.method().equals("POST") ? reload() : done(notAllowed());
    }
    if (p.equals("/api/v1/status")) {
      return r.method().equals("GET")
          ? gateway.status().thenApply(m -> Response.json(200, m))
          : done(notAllowed());
    }
    if (p.equals("/api/v1/openapi.json")) {
      return done(only(r, "GET").orElseGet(AdminApi::openApi));
    }
    if (p.startsWith("/api/v1/profiles/") && p.length() > "/api/v1/profiles/".length()) {
      String user = p.substring("/api/v1/profiles/".length());
      return done(only(r, "GET").orElseGet(() -> profile(user, r.query())));
    }
    if (p.equals("/api/v1/sessions")) {
      return switch (r.method()) {
        case "GET" -> gateway.sessions().thenApply(all -> list(all, r.query()));
        case "DELETE" -> disconnectByUser(r);
        default -> done(notAllowed());
      };
    }
    if (p.startsWith("/api/v1/sessions/") && p.length() > "/api/v1/sessions/".length()) {
      String id = p.substring("/api/v1/sessions/".length());
      return switch (r.method()) {
        case "GET" ->
            gateway
                .sessions()
                .thenApply(
                    all ->
                        all.stream()
                            .filter(s -> s.id().equals(id))
                            .findFirst()
                            .map(s -> Response.json(200, s.toMap()))
                            .orElseGet(() -> notFound(id)));
        case "DELETE" ->
            gateway
                .disconnect(s -> s.id().equals(id), reconnect(r))
                .thenApply(
                    n -> n == 0 ? notFound(id) : Response.json(200, Map.of("disconnected", n)));
        default -> done(notAllowed());
      };
    }
    return done(Response.json(404, Map.of("error", "no such path")));
  }

  /** Default and longest drain deadline. */
  static final java.time.Duration DRAIN_DEFAULT = java.time.Duration.ofSeconds(60);

  static final java.time.Duration DRAIN_MAX = java.time.Duration.ofHours(24);

  /** {@code {"deadline": "30s"}} (or seconds as a number; default 60 s, at most a day). */
  private CompletableFuture<Response> drain(Request r) {
    java.time.Duration deadline = DRAIN_DEFAULT;
    try {
      if (r.body().length > 0) {
        com.fasterxml.jackson.databind.JsonNode d = JSON.readTree(r.body()).get("deadline");
        if (d != null) {
          deadline =
              d.isNumber()
                  ? java.time.Duration.ofSeconds(d.asLong())
                  : java.time.Duration.parse(
                      "PT" + d.asText().strip().toUpperCase(java.util.Locale.ROOT));
        }
      }
    } catch (IOException | RuntimeException e) {
      return done(
          Response.json(400, Map.of("error", "body: {\"deadline\": \"30s\"} (or seconds)")));
    }
    if (deadline.isNegative() || deadline.compareTo(DRAIN_MAX) > 0) {
      return done(Response.json(400, Map.of("error", "deadline must be 0 to 24h")));
    }
    java.time.Duration d = deadline;
    return gateway
        .drain(d)
        .thenApply(n -> Response.json(202, Map.of("told", n, "deadlineSeconds", d.toSeconds())));
  }

  /** 200 with what was done, or 409 with why nothing was (the old configuration runs on). */
  private CompletableFuture<Response> reload() {
    return gateway
        .reload()
        .handle(
            (done, e) -> {
              if (e == null) {
                return Response.json(200, Map.of("reloaded", true, "message", done));
              }
              Throwable cause =
                  e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
              return cause instanceof ReloadRefused refused
                  ? Response.json(409, Map.of("reloaded", false, "error", refused.getMessage()))
                  : Response.text(500, "internal error\n");
            });
  }

  private CompletableFuture<Response> disconnectByUser(Request r) {
    String user = r.query().get("user");
    if (user == null || user.isEmpty()) {
      return done(Response.json(400, Map.of("error", "say which sessions: ?user=NAME")));
    }
    return gateway
        .disconnect(s -> user.equals(s.user()), reconnect(r))
        .thenApply(n -> Response.json(200, Map.of("disconnected", n)));
  }

  private static boolean reconnect(Request r) {
    return !"false".equals(r.query().get("reconnect"));
  }

  private static Response list(List<SessionInfo> all, Map<String, String> query) {
    Predicate<SessionInfo> keep = s -> true;
    String user = query.get("user");
    if (user != null) {
      keep = keep.and(s -> user.equals(s.user()));
    }
    String address = query.get("address");
    if (address != null) {
      keep =
          keep.and(
              s ->
                  address.equals(s.tunnelAddress())
                      || address.equals(s.tunnelAddress6())
                      || s.realAddress().startsWith(address + ":")
                      || s.realAddress().startsWith("[" + address + "]:"));
    }
    return Response.json(
        200, Map.of("sessions", all.stream().filter(keep).map(SessionInfo::toMap).toList()));
  }

  /** The profile's bytes (never logged), or the refusal as JSON. */
  private Response profile(String user, Map<String, String> query) {
    return switch (profiles.profile(user, query)) {
      case ProfileSource.Outcome.Made m -> new Response(200, m.contentType(), m.body());
      case ProfileSource.Outcome.Refused f ->
          Response.json(f.status(), Map.of("error", f.reason()));
    };
  }

  private static Optional<Response> only(Request r, String method) {
    return r.method().equals(method) ? Optional.empty() : Optional.of(notAllowed());
  }

  private static Response notAllowed() {
    return Response.json(405, Map.of("error", "method not allowed"));
  }

  private static Response notFound(String id) {
    return Response.json(404, Map.of("error", "no live session " + id));
  }

  private static Response openApi() {
    try (InputStream in = AdminApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        return Response.text(500, "openapi.json is missing from the build\n");
      }
      return new Response(200, JSON_TYPE, in.readAllBytes());
    } catch (IOException e) {
      return Response.text(500, "cannot read openapi.json\n");
    }
  }

  private synchronized void logRefusal(Request r) {
    Long last = lastRefusalLogged.get(r.source());
    if (last == null || r.nowMs() - last >= REFUSAL_LOG_EVERY_MS) {
      lastRefusalLogged.put(r.source(), r.nowMs());
      log.warn(
          "admin API: refused {} {} from {}: missing or wrong token",
          r.method(),
          org.p2sgate.core.observe.LogText.printable(r.path()),
          r.source());
    }
  }

  private static CompletableFuture<Response> done(Response r) {
    return CompletableFuture.completedFuture(r);
  }
}
