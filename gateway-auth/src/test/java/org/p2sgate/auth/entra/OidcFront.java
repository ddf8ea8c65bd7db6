package org.p2sgate.auth.entra;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A discovery document and JWKS endpoint on 127.0.0.1 in front of the mock IdP's keys, which tests
 * can take down (5xx), slow down, count, and add keys to. Each request has a thread of its own, so
 * a delayed answer holds up no other.
 */
final class OidcFront implements AutoCloseable {
  private final HttpServer server;
  private final URI upstreamJwks;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<JWK> extraKeys = new CopyOnWriteArrayList<>();
  final AtomicInteger jwksHits = new AtomicInteger();
  final AtomicInteger discoveryHits = new AtomicInteger();
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

  /** The JWKS endpoint answers 503 while set. */
  volatile boolean jwksDown;

  /** The discovery endpoint answers 500 while set. */
  volatile boolean discoveryDown;

  /** How long each endpoint waits before answering (counted on arrival). */
  volatile long jwksDelayMillis;

  volatile long discoveryDelayMillis;

  /** Replaces the discovery document when set. */
  volatile String discoveryBody;

  OidcFront(String issuer, URI upstreamJwks) throws IOException {
    this.upstreamJwks = upstreamJwks;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/.well-known/openid-configuration",
        ex -> {
          discoveryHits.incrementAndGet();
          if (!delay(discoveryDelayMillis)) {
            return;
          }
          if (discoveryDown) {
            reply(ex, 500, "{}");
            return;
          }
          String doc = discoveryBody;
          String standard = "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + base() + "/jwks\"}";
          reply(ex, 200, doc != null ? doc : standard);
        });
    server.createContext("/jwks", this::jwks);
    server.setExecutor(handlers);
    server.start();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  URI discoveryUrl() {
    return URI.create(base() + "/.well-known/openid-configuration");
  }

  /** Publishes a key (its public part) from now on. */
  void addKey(JWK key) {
    extraKeys.add(key.toPublicJWK());
  }

  private void jwks(HttpExchange ex) throws IOException {
    jwksHits.incrementAndGet();
    if (!delay(jwksDelayMillis)) {
      return;
    }
    if (jwksDown) {
      reply(ex, 503, "{}");
      return;
    }
    try {
      String body =
          http.send(
                  HttpRequest.newBuilder(upstreamJwks).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      List<JWK> keys = new ArrayList<>(JWKSet.parse(body).getKeys());
      keys.addAll(extraKeys);
      reply(ex, 200, new JWKSet(keys).toString(true));
    } catch (Exception e) {
      reply(ex, 500, "{}");
    }
  }

  /** Sleeps; false if interrupted (the front is closing). */
  private static boolean delay(long millis) {
    if (millis <= 0) {
      return true;
    }
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
