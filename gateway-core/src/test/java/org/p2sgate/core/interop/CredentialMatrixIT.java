package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key type operators meet, on both sides, with the real openvpn 2.6 client: RSA 2048, 3072
 * and 4096 and ECDSA P-256 and P-384 for the gateway; the same and Ed25519 for clients; PKCS#8
 * ({@code BEGIN PRIVATE KEY}) and traditional ({@code BEGIN RSA PRIVATE KEY}, {@code BEGIN EC
 * PRIVATE KEY}) key files; leaves under a root of the other algorithm. Each gateway key serves
 * every client key over TLS 1.3, and TLS 1.2 clients too. Made with the openssl CLI, as easy-rsa
 * and the cloud gateway's PowerShell steps make them.
 */
@Tag("netns")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialMatrixIT {
  private static final Pki.KeyType RSA2048 = Pki.KeyType.rsa(2048);
  private static final Pki.KeyType RSA3072 = Pki.KeyType.rsa(3072);
  private static final Pki.KeyType RSA4096 = Pki.KeyType.rsa(4096);
  private static final Pki.KeyType EC256 = Pki.KeyType.ec("prime256v1");
  private static final Pki.KeyType EC384 = Pki.KeyType.ec("secp384r1");

  /** A client: certificate name, its key type, its root. */
  private record Leaf(String name, Pki.KeyType key, String root) {}

  private static final List<Leaf> CLIENTS =
      List.of(
          new Leaf("cl-rsa2048", RSA2048, "root-rsa"),
          new Leaf("cl-rsa3072-pkcs1", RSA3072.traditionalFile(), "root-ec"),
          new Leaf("cl-rsa4096", RSA4096, "root-rsa"),
          new Leaf("cl-ec256", EC256, "root-ec"),
          new Leaf("cl-ec384-sec1", EC384.traditionalFile(), "root-rsa"),
          new Leaf("cl-ed25519", Pki.KeyType.ed25519(), "root-ec"));

  /** TLS 1.2 clients: an RSA and an ECDSA key (names of their own: one session per name). */
  private static final List<Leaf> TLS12_CLIENTS =
      List.of(
          new Leaf("cl12-rsa3072-pkcs1", RSA3072.traditionalFile(), "root-ec"),
          new Leaf("cl12-ec384-sec1", EC384.traditionalFile(), "root-rsa"));

  private Testbed bed;

  @BeforeAll
  void setUp() throws Exception {
    bed = new Testbed(0);
    Pki pki = bed.pki;
    pki.ca("root-rsa", RSA4096);
    pki.ca("root-ec", EC384);
    Files.writeString(
        pki.file("roots.crt"),
        Files.readString(pki.file("root-rsa.crt")) + Files.readString(pki.file("root-ec.crt")));
    for (Leaf c : Stream.concat(CLIENTS.stream(), TLS12_CLIENTS.stream()).toList()) {
      pki.leaf(c.name(), c.root(), "clientAuth", c.key());
    }
  }

  @AfterAll
  void tearDown() {
    if (bed != null) {
      bed.close();
    }
  }

  static Stream<Arguments> gatewayKeys() {
    return Stream.of(
        Arguments.of("srv-rsa2048", RSA2048, "root-rsa", "2048 bits RSA"),
        Arguments.of("srv-rsa3072-pkcs1", RSA3072.traditionalFile(), "root-ec", "3072 bits RSA"),
        Arguments.of("srv-rsa4096", RSA4096, "root-rsa", "4096 bits RSA"),
        Arguments.of("srv-ec256-sec1", EC256.traditionalFile(), "root-rsa", "256 bits EC"),
        Arguments.of("srv-ec384", EC384, "root-ec", "384 bits EC"));
  }

  @ParameterizedTest(name = "gateway {1} under {2}: every client key, TLS 1.3 and 1.2")
  @MethodSource("gatewayKeys")
  void everyClientKeyConnects(String name, Pki.KeyType key, String root, String shown)
      throws Exception {
    Pki pki = bed.pki;
    pki.leaf(name, root, "serverAuth", key);
    String keyFile = Files.readString(pki.file(name + ".key"));
    assertTrue(
        keyFile.startsWith(
            key.traditional()
                ? (key.isRsa() ? "-----BEGIN RSA PRIVATE KEY" : "-----BEGIN EC PRIVATE KEY")
                : "-----BEGIN PRIVATE KEY"),
        "the key file has the form under test");
    GatewayUnderTest gw =
        new GatewayUnderTest(
                bed,
                name,
                "udp",
                "tls-crypt",
                List.of(
                    "ca " + pki.file("roots.crt"),
                    "cert " + pki.file(name + ".crt"),
                    "key " + pki.file(name + ".key")))
            .start();
    List<OpenVpnClient> clients = new ArrayList<>();
    List<String> versions = new ArrayList<>();
    try {
      for (Leaf c : CLIENTS) {
        clients.add(client(clients.size() + 1, c, "1.3"));
        versions.add("TLSv1.3");
      }
      for (Leaf c : TLS12_CLIENTS) {
        clients.add(client(clients.size() + 1, c, "1.2"));
        versions.add("TLSv1.2");
      }
      for (int i = 0; i < clients.size(); i++) {
        OpenVpnClient c = clients.get(i).awaitUp();
        String log = c.log();
        assertTrue(log.contains("peer certificate: " + shown), "server key seen:\n" + log);
        assertTrue(log.contains("Control Channel: " + versions.get(i)), "TLS version:\n" + log);
      }
      String gwLog = gw.log();
      for (Leaf c : CLIENTS) {
        assertTrue(gwLog.contains(c.name() + "/"), c.name() + " authenticated:\n" + gwLog);
      }
    } finally {
      clients.forEach(OpenVpnClient::stop);
      assertTrue(gw.stop(), "gateway must exit within 5 s of SIGTERM");
    }
  }

  private OpenVpnClient client(int index, Leaf leaf, String tlsMax) throws Exception {
    List<String> extra =
        List.of(
            "ca " + bed.pki.file("roots.crt"),
            "data-ciphers AES-256-GCM",
            "tls-version-max " + tlsMax,
            "route-noexec");
    return new OpenVpnClient(bed, index, "udp", "tls-crypt", leaf.name(), extra).start();
  }
}
