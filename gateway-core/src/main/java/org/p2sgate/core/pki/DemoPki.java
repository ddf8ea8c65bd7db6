package org.p2sgate.core.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.cert.X509CertificateHolder;
import org.p2sgate.core.control.StaticKey;

/**
 * A small PKI for trying the gateway out: a CA, the gateway's certificate, a tls-crypt key and
 * client certificates, created on first use and reused afterwards. Layout of the directory:
 *
 * <pre>
 * ca.crt ca.key              CA (CA:TRUE, keyCertSign+cRLSign), 10 years
 * server.crt server.key      CN=p2sgate-server, serverAuth, 2 years
 * tc.key                     tls-crypt static key
 * clients/NAME.crt NAME.key  CN=NAME, clientAuth, 2 years ("demo" is always issued)
 * </pre>
 *
 * <p>Keys are ECDSA P-256 in PKCS#8 PEM, mode 0600. Nothing here logs key material.
 */
public final class DemoPki {
  public static final String CA_CERT = "ca.crt";
  public static final String CA_KEY = "ca.key";
  public static final String SERVER_CERT = "server.crt";
  public static final String SERVER_KEY = "server.key";
  public static final String TLS_CRYPT_KEY = "tc.key";
  public static final String CLIENTS = "clients";
  public static final String DEMO_CLIENT = "demo";
  static final String CA_NAME = "p2sgate demo CA";
  static final String SERVER_NAME = "p2sgate-server";

  private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Path dir;
  private final Clock clock;
  private final SecureRandom random;
  private X509CertificateHolder caCert;
  private PrivateKey caKey;
  private boolean created;

  private DemoPki(Path dir, Clock clock, SecureRandom random) {
    this.dir = dir;
    this.clock = clock;
    this.random = random;
  }

  /** Opens the PKI in {@code dir}, creating whatever is missing (all of it, the first time). */
  public static DemoPki openOrCreate(Path dir) throws IOException {
    return openOrCreate(dir, Clock.systemUTC(), new SecureRandom());
  }

  /** As {@link #openOrCreate(Path)}, with the clock and randomness to use for new material. */
  public static DemoPki openOrCreate(Path dir, Clock clock, SecureRandom random)
      throws IOException {
    DemoPki pki = new DemoPki(dir, Objects.requireNonNull(clock), Objects.requireNonNull(random));
    PemFiles.createPrivateDirectory(dir);
    pki.ensureCa();
    pki.ensureServer();
    if (!Files.exists(dir.resolve(TLS_CRYPT_KEY))) {
      byte[] raw = new byte[StaticKey.SIZE];
      random.nextBytes(raw);
      PemFiles.write(dir.resolve(TLS_CRYPT_KEY), StaticKey.of(raw).toPem(), PemFiles.PRIVATE);
    }
    pki.issueClient(DEMO_CLIENT);
    return pki;
  }

  public Path dir() {
    return dir;
  }

  /** Whether this call created the CA (and so everything else). */
  public boolean created() {
    return created;
  }

  /**
   * The credentials of client {@code name}: read from {@code clients/} if it was issued before,
   * otherwise issued now.
   *
   * @param name 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit
   */
  public ClientCredentials issueClient(String name) throws IOException {
    if (!CLIENT_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "client name must be 1 to 64 letters, digits, '.', '_' or '-', got '" + name + "'");
    }
    Path clients = dir.resolve(CLIENTS);
    PemFiles.createPrivateDirectory(clients);
    Path cert = clients.resolve(name + ".crt");
    Path key = clients.resolve(name + ".key");
    ensurePair(cert, key, name, CertIssuer.Role.CLIENT);
    return new ClientCredentials(name, PemFiles.read(cert), PemFiles.read(key));
  }

  private void ensureCa() throws IOException {
    Path cert = dir.resolve(CA_CERT);
    Path key = dir.resolve(CA_KEY);
    if (Files.exists(cert) && Files.exists(key)) {
      caCert = PemFiles.readCertificate(cert);
      caKey = PemFiles.readPrivateKey(key);
      return;
    }
    if (Files.exists(cert) || Files.exists(dir.resolve(SERVER_CERT))) {
      throw incomplete(Files.exists(cert) ? key : cert);
    }
    KeyPair pair = CertIssuer.newKeyPair(random);
    caCert = CertIssuer.selfSignedCa(pair, CA_NAME, clock.instant(), random);
    caKey = pair.getPrivate();
    PemFiles.write(key, PemFiles.pem("PRIVATE KEY", caKey.getEncoded()), PemFiles.PRIVATE);
    PemFiles.write(cert, PemFiles.pem("CERTIFICATE", caCert.getEncoded()), PemFiles.PUBLIC);
    created = true;
  }

  private void ensureServer() throws IOException {
    ensurePair(
        dir.resolve(SERVER_CERT), dir.resolve(SERVER_KEY), SERVER_NAME, CertIssuer.Role.SERVER);
  }

  /** The certificate is written last, so its presence means the pair is complete. */
  private void ensurePair(Path cert, Path key, String cn, CertIssuer.Role role) throws IOException {
    if (Files.exists(cert)) {
      if (!Files.exists(key)) {
        throw incomplete(key);
      }
      return;
    }
    KeyPair pair = CertIssuer.newKeyPair(random);
    X509CertificateHolder holder =
        CertIssuer.issue(caCert, caKey, pair.getPublic(), cn, role, clock.instant(), random);
    PemFiles.write(
        key, PemFiles.pem("PRIVATE KEY", pair.getPrivate().getEncoded()), PemFiles.PRIVATE);
    PemFiles.write(cert, PemFiles.pem("CERTIFICATE", holder.getEncoded()), PemFiles.PUBLIC);
  }

  private IOException incomplete(Path missing) {
    return new IOException(
        "incomplete demo PKI in "
            + dir
            + ": "
            + missing.getFileName()
            + " is missing; move "
            + dir
            + " away to start over");
  }

  @Override
  public String toString() {
    return "DemoPki[" + dir + "]";
  }
}
