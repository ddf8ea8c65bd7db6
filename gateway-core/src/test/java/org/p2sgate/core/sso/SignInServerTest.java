package org.p2sgate.core.sso;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.auth.sso.BrowserSignIn;
import org.p2sgate.auth.sso.SsoConfig;
import org.p2sgate.core.admin.HttpListener;
import org.p2sgate.core.pki.DemoPki;

/**
 * The sign-in listener with a real TLS client on loopback, fed what an attacker sends: forged links
 * and states, other methods and paths, an oversized request. Each gets a short page with the
 * headers that keep it out of caches and referrers; none reaches a provider.
 */
class SignInServerTest {
  @TempDir Path dir;

  @Test
  void forgedAndOddRequestsGetShortRefusals() throws Exception {
    DemoPki.openOrCreate(dir);
    String cert = Files.readString(dir.resolve(DemoPki.SERVER_CERT));
    String key = Files.readString(dir.resolve(DemoPki.SERVER_KEY));
    SsoConfig config =
        new SsoConfig(
            URI.create("https://idp.invalid/tenant"),
            null,
            "client",
            null,
            null,
            URI.create("https://vpn.example.org"),
            Duration.ofSeconds(60),
            null,
            null,
            null,
            10,
            Duration.ofSeconds(1));
    try (SignInServer server =
        SignInServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            HttpListener.tls(cert, key),
            new BrowserSignIn(config, Clock.systemUTC()))) {
      int port = server.address().getPort();
      SSLContext tls = trusting(dir.resolve(DemoPki.CA_CERT));
      String link = send(tls, port, "GET /sso/start?s=forged HTTP/1.1").toLowerCase();
      assertTrue(link.startsWith("http/1.1 400"), link);
      assertTrue(link.contains("not valid any more"), link);
      assertTrue(link.contains("cache-control: no-store"), link);
      assertTrue(link.contains("referrer-policy: no-referrer"), link);
      assertTrue(link.contains("content-security-policy: default-src 'none'"), link);
      String state = send(tls, port, "GET /sso/callback?state=forged&code=abc HTTP/1.1");
      assertTrue(state.startsWith("HTTP/1.1 400"), state);
      String script = send(tls, port, "GET /sso/callback?state=%3Cscript%3E HTTP/1.1");
      assertTrue(!script.contains("<script>"), "nothing of the request is echoed: " + script);
      assertTrue(send(tls, port, "POST /sso/callback HTTP/1.1").startsWith("HTTP/1.1 405"));
      assertTrue(send(tls, port, "GET /admin HTTP/1.1").startsWith("HTTP/1.1 404"));
      String huge = send(tls, port, "GET /sso/start?s=" + "a".repeat(20_000) + " HTTP/1.1");
      assertTrue(huge.isEmpty() || huge.startsWith("HTTP/1.1 4"), huge);
      assertTrue(
          send(tls, port, "GET /sso/start?s=again HTTP/1.1").startsWith("HTTP/1.1 400"),
          "still serving");
    }
  }

  private static String send(SSLContext tls, int port, String requestLine) throws IOException {
    try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(
          (requestLine + "\r\nHost: a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      try {
        return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return ""; // closed by the server mid-way
      }
    }
  }

  private static SSLContext trusting(Path caFile) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry(
        "ca",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caFile))));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext c = SSLContext.getInstance("TLS");
    c.init(null, tmf.getTrustManagers(), null);
    return c;
  }
}
