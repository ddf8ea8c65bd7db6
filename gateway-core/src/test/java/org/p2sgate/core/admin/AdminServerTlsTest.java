package org.p2sgate.core.admin;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.pki.DemoPki;

/** The admin listener over HTTPS, with a real TLS client on loopback. */
class AdminServerTlsTest {
  @TempDir Path dir;

  @Test
  void servesHttpsWithTheConfiguredCertificateAndRefusesPlainHttp() throws Exception {
    DemoPki.openOrCreate(dir);
    String cert = Files.readString(dir.resolve(DemoPki.SERVER_CERT));
    String key = Files.readString(dir.resolve(DemoPki.SERVER_KEY));
    AdminApi api = new AdminApi(new AdminApiTest.FakeGateway(), AdminToken.of(AdminApiTest.TOKEN));
    try (AdminServer server =
        AdminServer.start(
            new InetSocketAddress("127.0.0.1", 0),
            api,
            Clock.systemUTC(),
            HttpListener.tls(cert, key))) {
      int port = server.address().getPort();
      SSLContext trusting = trusting(dir.resolve(DemoPki.CA_CERT));
      assertTrue(get(trusting, port, "/healthz").endsWith("ok\n"));
      String sessions =
          get(trusting, port, "/api/v1/sessions", "Authorization: Bearer " + AdminApiTest.TOKEN);
      assertTrue(sessions.startsWith("HTTP/1.1 200"), sessions);

      SSLContext other = SSLContext.getInstance("TLS");
      other.init(null, null, null); // the JDK's roots: not our demo CA
      assertThrows(SSLHandshakeException.class, () -> get(other, port, "/healthz"));

      try (Socket plain = new Socket("127.0.0.1", port)) {
        plain.setSoTimeout(5000);
        plain
            .getOutputStream()
            .write("GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer = new String(readAll(plain.getInputStream()), StandardCharsets.ISO_8859_1);
        assertTrue(!answer.contains("ok"), "no answer to plain HTTP: " + answer);
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

  private static String get(SSLContext tls, int port, String path, String... headers)
      throws IOException {
    try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: a\r\n");
      for (String h : headers) {
        req.append(h).append("\r\n");
      }
      req.append("Connection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
    }
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      return new byte[0]; // closed by the server mid-way
    }
  }
}
