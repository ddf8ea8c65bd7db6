package org.p2sgate.auth.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Credentials;

/**
 * The {@code sso} method against a real OIDC provider (mock-oauth2-server, which also checks the
 * PKCE verifier against the challenge): the whole flow, then each way it must refuse.
 */
class BrowserSignInTest {
  static final String ISSUER = "sso";
  static final String CLIENT = "p2sgate-vpn";
  static final URI PUBLIC = URI.create("https://vpn.example.org:9443");

  private final MockOAuth2Server idp = new MockOAuth2Server();
  private final MutableClock clock = new MutableClock();
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() throws Exception {
    idp.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    idp.shutdown();
  }

  private SsoConfig config(URI issuer, int maxPending, Set<String> requiredGroups) {
    return new SsoConfig(
        issuer,
        URI.create(idp.wellKnownUrl(ISSUER).toString()),
        CLIENT,
        null,
        null,
        PUBLIC,
        Duration.ofSeconds(60),
        null,
        null,
        requiredGroups,
        maxPending,
        Duration.ofSeconds(5));
  }

  private BrowserSignIn signIn() {
    return signIn(1000);
  }

  private BrowserSignIn signIn(int maxPending) {
    return new BrowserSignIn(
        config(URI.create(idp.issuerUrl(ISSUER).toString()), maxPending, Set.of("vpn-users")),
        clock);
  }

  private static AuthContext context(String ivSso) {
    Map<String, String> info = new HashMap<>();
    if (ivSso != null) {
      info.put("IV_SSO", ivSso);
    }
    return new AuthContext(new InetSocketAddress("192.0.2.7", 1194), "s-1", info);
  }

  private static AuthResult.Pending pending(BrowserSignIn s) throws Exception {
    AuthResult r =
        s.authenticate(new Credentials(List.of(), "alice", "-"), context("webauth,crtext"))
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    return assertInstanceOf(AuthResult.Pending.class, r);
  }

  private static String token(AuthResult.Pending p) {
    return p.url().substring(p.url().indexOf("?s=") + 3);
  }

  /** The next ID token the provider issues: for {@code user} in {@code groups}, to {@code aud}. */
  private void nextToken(String user, List<String> groups, String aud, Map<String, Object> more) {
    Map<String, Object> claims = new HashMap<>(more);
    claims.put("preferred_username", user);
    claims.put("groups", groups);
    idp.enqueueCallback(
        new DefaultOAuth2TokenCallback(
            ISSUER, "subject-" + user, JOSEObjectType.JWT.getType(), List.of(aud), claims, 300));
  }

  /** Opens the link, lets the provider answer (no login page: the mock signs in at once). */
  private Map<String, String> throughProvider(BrowserSignIn s, AuthResult.Pending p)
      throws Exception {
    BrowserSignIn.Page start = s.start(token(p));
    assertEquals(302, start.status(), start.toString());
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(start.location())).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(302, r.statusCode(), r.body());
    String back = r.headers().firstValue("location").orElseThrow();
    assertTrue(back.startsWith(PUBLIC + "/sso/callback?"), back);
    return query(URI.create(back));
  }

  private static Map<String, String> query(URI u) {
    Map<String, String> q = new HashMap<>();
    for (String kv : u.getRawQuery().split("&")) {
      int eq = kv.indexOf('=');
      q.put(
          URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  @Test
  void aClientWithoutIvSsoIsRefusedAndToldWhy() throws Exception {
    for (String ivSso : new String[] {null, "", "crtext", "webauthx"}) {
      AuthResult r =
          signIn()
              .authenticate(new Credentials(List.of(), "alice", "-"), context(ivSso))
              .toCompletableFuture()
              .get();
      AuthResult.Rejected no = assertInstanceOf(AuthResult.Rejected.class, r, ivSso);
      assertEquals(BrowserSignIn.NO_WEB_AUTH, no.clientMessage());
      assertFalse(no.clientMessage().contains(","), "one AUTH_FAILED message");
    }
  }

  @Test
  void theCodeFlowWithPkceSignsTheUserIn() throws Exception {
    BrowserSignIn s = signIn();
    AuthResult.Pending p = pending(s);
    assertTrue(p.url().startsWith(PUBLIC + "/sso/start?s="), p.url());
    assertFalse(p.toString().contains(token(p)), "the link stays out of logs");
    BrowserSignIn.Page start = s.start(token(p));
    Map<String, String> auth = query(URI.create(start.location()));
    assertEquals("S256", auth.get("code_challenge_method"));
    assertEquals(43, auth.get("code_challenge").length(), "base64url SHA-256");
    assertEquals(CLIENT, auth.get("client_id"));
    assertEquals(PUBLIC + "/sso/callback", auth.get("redirect_uri"));
    assertEquals("code", auth.get("response_type"));
    assertNotNull(auth.get("nonce"));
    assertNotNull(auth.get("state"));
    assertTrue(auth.get("scope").contains("openid"));

    nextToken("alice@example.org", List.of("vpn-users", "eng"), CLIENT, Map.of());
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(start.location())).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, String> back = query(URI.create(r.headers().firstValue("location").orElseThrow()));
    BrowserSignIn.Page done = s.callback(back);
    assertEquals(200, done.status(), done.toString());
    AuthResult.Accepted a =
        assertInstanceOf(AuthResult.Accepted.class, p.outcome().toCompletableFuture().get());
    assertEquals("alice@example.org", a.identity());
    assertTrue(a.groups().contains("claim-groups:vpn-users"), a.groups().toString());
    assertTrue(a.groups().contains("claim-groups:eng"));
    assertEquals(0, s.pending(), "the table forgets a finished sign-in");

    // the token request carried the verifier (the mock checked it against the challenge)
    String tokenRequest = null;
    for (int i = 0; i < 10 && tokenRequest == null; i++) {
      RecordedRequest rec = idp.takeRequest(1, TimeUnit.SECONDS); // throws when none is left
      if (rec.getPath() != null && rec.getPath().contains("/token")) {
        tokenRequest = rec.getBody().readUtf8();
      }
    }
    assertNotNull(tokenRequest);
    assertTrue(tokenRequest.contains("code_verifier="), tokenRequest);
    assertTrue(tokenRequest.contains("grant_type=authorization_code"), tokenRequest);

    // both steps were one-time
    assertEquals(400, s.callback(back).status(), "a replayed callback is refused");
    assertEquals(400, s.start(token(p)).status(), "a reopened link is refused");
  }

  @Test
  void forgedStatesAndUnknownLinksAreRefusedWithoutTouchingTheLogin() throws Exception {
    BrowserSignIn s = signIn();
    AuthResult.Pending p = pending(s);
    assertEquals(400, s.start("forged").status());
    assertEquals(400, s.start(null).status());
    Map<String, String> back = throughProvider(s, p);
    Map<String, String> forged = new HashMap<>(back);
    forged.put("state", back.get("state") + "x");
    assertEquals(400, s.callback(forged).status());
    assertEquals(400, s.callback(Map.of("code", back.get("code"))).status(), "no state");
    assertFalse(p.outcome().toCompletableFuture().isDone());
    nextToken("alice@example.org", List.of("vpn-users"), CLIENT, Map.of());
    assertEquals(200, s.callback(back).status(), "the real one still works");
  }

  @Test
  void anExpiredLinkOrStateIsRefusedAndTheLoginTimesOut() throws Exception {
    BrowserSignIn s = signIn();
    AuthResult.Pending p = pending(s);
    clock.advance(Duration.ofSeconds(61));
    assertEquals(400, s.start(token(p)).status());
    AuthResult.Rejected r =
        assertInstanceOf(AuthResult.Rejected.class, p.outcome().toCompletableFuture().get());
    assertEquals("browser sign-in timed out", r.reason());

    AuthResult.Pending q = pending(s);
    Map<String, String> back = throughProvider(s, q);
    clock.advance(Duration.ofSeconds(61));
    assertEquals(400, s.callback(back).status(), "a callback after the timeout");
    assertEquals(0, s.pending());
  }

  /**
   * ID tokens signed by the provider's own key but for another client, or naming another issuer: a
   * stand-in token endpoint (the discovery document names it, the rest is the provider's) answers
   * with such a token, carrying the right nonce.
   */
  @Test
  void anIdTokenForAnotherAudienceOrFromAnotherIssuerIsRefused() throws Exception {
    java.util.concurrent.atomic.AtomicReference<String> answer =
        new java.util.concurrent.atomic.AtomicReference<>();
    com.sun.net.httpserver.HttpServer fake =
        com.sun.net.httpserver.HttpServer.create(
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    String base = "http://127.0.0.1:" + fake.getAddress().getPort();
    String discovery =
        "{\"issuer\":\""
            + idp.issuerUrl(ISSUER)
            + "\","
            + "\"authorization_endpoint\":\""
            + idp.authorizationEndpointUrl(ISSUER)
            + "\","
            + "\"token_endpoint\":\""
            + base
            + "/token\","
            + "\"jwks_uri\":\""
            + idp.jwksUrl(ISSUER)
            + "\","
            + "\"response_types_supported\":[\"code\"],"
            + "\"subject_types_supported\":[\"public\"],"
            + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
    fake.createContext("/.well-known/openid-configuration", x -> reply(x, discovery));
    fake.createContext("/token", x -> reply(x, answer.get()));
    fake.start();
    try {
      for (String[] c :
          new String[][] {
            {"someone-else", null, "wrong audience"},
            {CLIENT, "https://evil.example", "wrong issuer"}
          }) {
        SsoConfig real = config(URI.create(idp.issuerUrl(ISSUER).toString()), 10, Set.of());
        BrowserSignIn s =
            new BrowserSignIn(
                new SsoConfig(
                    real.issuer(),
                    URI.create(base + "/.well-known/openid-configuration"),
                    CLIENT,
                    null,
                    null,
                    PUBLIC,
                    real.timeout(),
                    null,
                    null,
                    null,
                    10,
                    Duration.ofSeconds(5)),
                clock);
        AuthResult.Pending p = pending(s);
        BrowserSignIn.Page start = s.start(token(p));
        Map<String, String> auth = query(URI.create(start.location()));
        Map<String, Object> claims = new HashMap<>();
        claims.put("nonce", auth.get("nonce"));
        claims.put("preferred_username", "alice@example.org");
        if (c[1] != null) {
          claims.put("iss", c[1]);
        }
        String idToken =
            idp.issueToken(
                    ISSUER,
                    CLIENT,
                    new DefaultOAuth2TokenCallback(
                        ISSUER,
                        "subject-1",
                        JOSEObjectType.JWT.getType(),
                        List.of(c[0]),
                        claims,
                        300))
                .serialize();
        answer.set(
            "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,"
                + "\"id_token\":\""
                + idToken
                + "\"}");
        Map<String, String> back = Map.of("state", auth.get("state"), "code", "c0de");
        assertEquals(403, s.callback(back).status(), c[2]);
        assertEquals(c[2], reason(p));
      }
    } finally {
      fake.stop(0);
    }
  }

  private static void reply(com.sun.net.httpserver.HttpExchange x, String json)
      throws java.io.IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(200, body.length);
    x.getResponseBody().write(body);
    x.close();
  }

  @Test
  void anIdTokenWithAnotherNonceIsRefused() throws Exception {
    BrowserSignIn s = signIn();
    AuthResult.Pending p = pending(s);
    Map<String, String> back = throughProvider(s, p);
    nextToken("alice@example.org", List.of("vpn-users"), CLIENT, Map.of("nonce", "forged"));
    s.callback(back);
    assertEquals("wrong nonce", reason(p));
  }

  @Test
  void aProviderThatNamesAnotherIssuerIsNotUsed() throws Exception {
    BrowserSignIn s =
        new BrowserSignIn(
            config(URI.create(idp.issuerUrl("other").toString()), 10, Set.of()), clock);
    AuthResult.Pending p = pending(s);
    assertEquals(502, s.start(token(p)).status());
    AuthResult.Unavailable u =
        assertInstanceOf(AuthResult.Unavailable.class, p.outcome().toCompletableFuture().get());
    assertTrue(u.cause().contains("names issuer"), u.cause());
  }

  @Test
  void aUserOutsideTheRequiredGroupsOrAProviderErrorIsRefused() throws Exception {
    BrowserSignIn s = signIn();
    AuthResult.Pending p = pending(s);
    Map<String, String> back = throughProvider(s, p);
    nextToken("bob@example.org", List.of("eng"), CLIENT, Map.of());
    assertEquals(403, s.callback(back).status());
    assertEquals("not in a required group", reason(p));

    AuthResult.Pending q = pending(s);
    Map<String, String> denied = new HashMap<>(throughProvider(s, q));
    denied.remove("code");
    denied.put("error", "access_denied");
    s.callback(denied);
    assertEquals("the provider refused: access_denied", reason(q));
  }

  @Test
  void aFloodOfLoginsHoldsAtMostMaxPendingAndCancelledOnesLeave() throws Exception {
    BrowserSignIn s = signIn(3);
    AuthResult.Pending first = pending(s);
    pending(s);
    pending(s);
    AuthResult r =
        s.authenticate(new Credentials(List.of(), "x", "-"), context("webauth"))
            .toCompletableFuture()
            .get();
    assertInstanceOf(AuthResult.Unavailable.class, r, "the fourth waits for room");
    first.outcome().toCompletableFuture().cancel(false); // its session went away
    assertEquals(2, s.pending());
    AuthResult.Pending again = pending(s);
    assertEquals(400, s.start(token(first)).status(), "a cancelled link is gone");
    assertEquals(302, s.start(token(again)).status());
    clock.advance(Duration.ofMinutes(2));
    for (int i = 0; i < 3; i++) {
      pending(s); // expired entries make room
    }
    assertEquals(3, s.pending());
  }

  private static String reason(AuthResult.Pending p) throws Exception {
    return assertInstanceOf(AuthResult.Rejected.class, p.outcome().toCompletableFuture().get())
        .reason();
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-12-02T20:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
