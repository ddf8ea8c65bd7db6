package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Browser sign-in with the real openvpn client, driven through its management interface as OpenVPN
 * GUI drives it, and a real OIDC provider (mock-oauth2-server with its interactive login page). The
 * client announces {@code IV_SSO=webauth} ({@code setenv IV_SSO webauth}, which 2.6 and 2.7 send in
 * their peer-info), gets {@code AUTH_PENDING} and reports {@code >INFOMSG:WEB_AUTH::<url>}; the
 * test's HTTP client, trusting the test CA like a browser trusts a public one, follows the URL to
 * the gateway's sign-in page (in the gateway namespace, reached through {@link GatewayPortBridge}),
 * on to the provider's login form, signs in, and follows the redirect back to the gateway's
 * callback. The gateway reaches the provider through {@link OidcBridge}.
 */
@Tag("netns")
class BrowserSignInIT {
  private static final long WAIT_MS = 30_000;
  private static final String ISSUER_ID = "sso";
  private static final String CLIENT_ID = "p2sgate-vpn";

  @ParameterizedTest(name = "{0}")
  @EnumSource(ClientGeneration.class)
  void aUserSignsInInTheBrowserAndTheTunnelComesUp(ClientGeneration generation) throws Exception {
    try (Setup s = new Setup("60s")) {
      String code;
      try {
        Path sock = s.bed.dir.resolve("mgmt-ok.sock");
        OpenVpnClient c =
            managedClient(s.bed, 1, sock, List.of("setenv IV_SSO webauth"))
                .generation(generation)
                .start();
        try (Management m = Management.connect(sock, c.process, c.log)) {
          m.await(">PASSWORD:Need 'Auth' username/password", WAIT_MS);
          m.credentials("alice", "-");
          String url = webAuthUrl(m);
          assertTrue(url.startsWith("https://127.0.0.1:" + s.port + "/sso/start?s="), url);
          Browser b = s.browser();
          String callback = b.signIn(url, "alice@example.org", "[\"vpn-users\"]");
          code = callback.replaceAll(".*[?&]code=([^&]*).*", "$1");
          assertTrue(code.length() > 8 && !code.equals(callback), callback);
          HttpResponse<String> done = b.get(callback);
          assertEquals(200, done.statusCode(), done.body());
          assertTrue(done.body().contains("Signed in as alice@example.org"), done.body());
          // both one-time steps are spent: a replayed callback and a reopened link are refused
          assertEquals(400, b.get(callback).statusCode(), "a replayed callback is refused");
          assertEquals(400, b.get(url).statusCode(), "the link works once");
          c.awaitUp();
        }
        Traffic.echo(s.bed, c.tunnelIp, 64 * 1024);
        c.stop();
      } finally {
        assertTrue(s.gw.stop());
      }
      String log = s.gw.log();
      assertTrue(log.contains("AUTH pending: user=alice browser sign-in (WEB_AUTH)"), log);
      assertTrue(log.contains("alice@example.org authenticated, " + generation.inGatewayLog), log);
      assertTrue(log.contains("callback with an unknown, spent or expired state refused"), log);
      assertFalse(log.contains("/sso/start?s="), "the one-time link never reaches the log");
      assertFalse(log.contains(code), "nor the authorization code");
    }
  }

  /**
   * A user outside the required group is refused after signing in; a user who never signs in is
   * refused when the sign-in times out; a client that cannot open a URL is refused at once, and
   * each client hears why on its management interface.
   */
  @Test
  void refusedSignInsTimeoutsAndClientsWithoutIvSsoHearWhy() throws Exception {
    try (Setup s = new Setup("10s")) {
      try {
        Path sock1 = s.bed.dir.resolve("mgmt-bob.sock");
        OpenVpnClient bob =
            managedClient(s.bed, 1, sock1, List.of("setenv IV_SSO webauth,crtext")).start();
        Path sock2 = s.bed.dir.resolve("mgmt-idle.sock");
        OpenVpnClient idle =
            managedClient(s.bed, 2, sock2, List.of("setenv IV_SSO openurl")).start();
        Path sock3 = s.bed.dir.resolve("mgmt-none.sock");
        OpenVpnClient none = managedClient(s.bed, 3, sock3, List.of()).start();
        try (Management m1 = Management.connect(sock1, bob.process, bob.log);
            Management m2 = Management.connect(sock2, idle.process, idle.log);
            Management m3 = Management.connect(sock3, none.process, none.log)) {
          for (Management m : List.of(m1, m2, m3)) {
            m.await(">PASSWORD:Need 'Auth' username/password", WAIT_MS);
            m.credentials("user", "-");
          }
          String url = webAuthUrl(m1);
          String openUrl = m2.await(">INFOMSG:OPEN_URL:", WAIT_MS);
          assertTrue(openUrl.contains("/sso/start?s="), "openurl-only clients get OPEN_URL");
          Browser b = s.browser();
          HttpResponse<String> page = b.get(b.signIn(url, "bob@example.org", "[\"other\"]"));
          assertEquals(403, page.statusCode(), page.body());
          assertTrue(page.body().contains("not in a required group"), page.body());
          String refused = m1.await(">PASSWORD:Verification Failed: 'Auth'", WAIT_MS);
          assertTrue(refused.contains("not in a required group"), refused);
          String timedOut = m2.await(">PASSWORD:Verification Failed: 'Auth'", WAIT_MS);
          assertTrue(timedOut.contains("browser sign-in timed out"), timedOut);
          String cannot = m3.await(">PASSWORD:Verification Failed: 'Auth'", WAIT_MS);
          assertTrue(cannot.contains("cannot open a URL"), cannot);
        }
        for (OpenVpnClient c : List.of(bob, idle, none)) {
          assertFalse(c.log().contains("Initialization Sequence Completed"));
          c.stop();
        }
      } finally {
        assertTrue(s.gw.stop());
      }
      String log = s.gw.log();
      assertTrue(log.contains("method=sso reason=\"not in a required group"), log);
      assertTrue(log.contains("method=sso reason=\"browser sign-in did not finish within"), log);
      assertTrue(log.contains("reason=\"client cannot do browser sign-in (no IV_SSO)"), log);
    }
  }

  /** The URL of the {@code >INFOMSG:WEB_AUTH::<url>} line (no flags). */
  private static String webAuthUrl(Management m) throws InterruptedException {
    String line = m.await(">INFOMSG:WEB_AUTH:", WAIT_MS);
    return line.substring(">INFOMSG:WEB_AUTH::".length());
  }

  /** A client without a certificate, asking its username and password on {@code sock}. */
  private static OpenVpnClient managedClient(Testbed bed, int index, Path sock, List<String> more)
      throws Exception {
    List<String> extra = new ArrayList<>(Management.clientLines(sock));
    extra.addAll(more);
    extra.add("auth-nocache");
    return new OpenVpnClient(bed, index, "udp", "tls-crypt", null, extra);
  }

  /** The testbed, the provider, both bridges and a gateway with {@code policy: sso}. */
  private static final class Setup implements AutoCloseable {
    final Testbed bed;
    final MockOAuth2Server idp = new MockOAuth2Server(new OAuth2Config(true));
    final OidcBridge toIdp;
    final GatewayPortBridge toSignIn;
    final GatewayUnderTest gw;
    final int port;

    Setup(String timeout) throws Exception {
      bed = new Testbed(3);
      try {
        idp.start(InetAddress.getByName("127.0.0.1"), 0);
        toIdp = new OidcBridge(bed, idp.baseUrl().port());
        port = freePort();
        // the sign-in listener's own certificate, for the address browsers use
        bed.pki.leaf(
            "sso", "ca", "serverAuth\nsubjectAltName=IP:127.0.0.1", Pki.KeyType.ec("prime256v1"));
        String yaml =
            String.join(
                "\n",
                "auth:",
                "  policy: sso",
                "  sso:",
                "    issuer: " + idp.issuerUrl(ISSUER_ID),
                "    client-id: " + CLIENT_ID,
                "    public-url: https://127.0.0.1:" + port,
                "    listen: 127.0.0.1:" + port,
                "    tls: { cert: "
                    + bed.pki.file("sso.crt")
                    + ", key: "
                    + bed.pki.file("sso.key")
                    + " }",
                "    timeout: " + timeout,
                "    required-groups: [ vpn-users ]",
                "");
        gw = GatewayUnderTest.yaml(bed, "sso", "udp", yaml);
        gw.start();
        toSignIn = new GatewayPortBridge(bed, port);
        bed.startEcho();
      } catch (Exception | AssertionError e) {
        idp.shutdown();
        bed.close();
        throw e;
      }
    }

    Browser browser() throws Exception {
      return new Browser(bed.pki.file("ca.crt"));
    }

    @Override
    public void close() throws Exception {
      toSignIn.close();
      toIdp.close();
      idp.shutdown();
      bed.close();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  /** What a browser does here: GETs and one form POST, following redirects by hand. */
  private static final class Browser {
    private final HttpClient http;

    Browser(Path ca) throws Exception {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(ca)) {
        trust.setCertificateEntry(
            "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      http =
          HttpClient.newBuilder()
              .sslContext(tls)
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
    }

    HttpResponse<String> get(String url) throws Exception {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Opens the sign-in link, follows it to the provider's login form and signs in there as {@code
     * user} in {@code groups} (a JSON array); returns the callback URL the provider redirects to.
     */
    String signIn(String link, String user, String groups) throws Exception {
      HttpResponse<String> start = get(link);
      assertEquals(302, start.statusCode(), start.body());
      String authorize = start.headers().firstValue("location").orElseThrow();
      assertTrue(authorize.contains("code_challenge_method=S256"), authorize);
      assertTrue(authorize.contains("nonce=") && authorize.contains("state="), authorize);
      HttpResponse<String> form = get(authorize);
      assertEquals(200, form.statusCode(), form.body());
      assertTrue(form.body().contains("name=\"username\""), "the provider's login form");
      String claims = "{\"preferred_username\": \"" + user + "\", \"groups\": " + groups + "}";
      String body =
          "username="
              + URLEncoder.encode(user, StandardCharsets.UTF_8)
              + "&claims="
              + URLEncoder.encode(claims, StandardCharsets.UTF_8);
      HttpResponse<String> posted =
          http.send(
              HttpRequest.newBuilder(URI.create(authorize))
                  .timeout(Duration.ofSeconds(20))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(302, posted.statusCode(), posted.body());
      String callback = posted.headers().firstValue("location").orElseThrow();
      assertTrue(callback.startsWith("https://127.0.0.1:"), callback);
      return callback;
    }
  }
}
