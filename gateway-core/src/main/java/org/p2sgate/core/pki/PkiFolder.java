package org.p2sgate.core.pki;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.cert.X509CertificateHolder;
import org.p2sgate.core.control.StaticKey;

/**
 * The operator's PKI, in a folder laid out as the demo's ({@link DemoPki}) plus what running one
 * takes:
 *
 * <pre>
 * ca.crt ca.key          the CA (the key may live elsewhere: --ca-key)
 * server.crt server.key  the gateway's certificate
 * tc.key                 tls-crypt key
 * clients/NAME.crt .key  each user's current certificate and key (0600)
 * index.json             every certificate issued: serial, CN, names, notAfter, thumbprint, revocation
 * revoked.txt            SHA-256 thumbprints of revoked certificates (revocation.thumbprints)
 * ca.crl                 the signed CRL (revocation.crl)
 * </pre>
 *
 * A running gateway re-reads {@code revoked.txt} and {@code ca.crl} when they change, so {@link
 * #revoke} ends a user's live sessions within seconds. Changes hold a lock file, so two commands
 * cannot interleave. Private keys are written 0600 and never printed.
 */
public final class PkiFolder {
  public static final String INDEX = "index.json";
  public static final String REVOKED = "revoked.txt";
  public static final String CRL = "ca.crl";
  private static final String LOCK = ".lock";

  /** User names: also file names under {@code clients/}, so nothing that could leave it. */
  static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private final Path dir;
  private final Path caKeyFile;
  private final Clock clock;
  private final SecureRandom random;

  /**
   * @param dir the PKI folder
   * @param caKeyFile where the CA key is, or {@code null} for {@code dir/ca.key}
   */
  public PkiFolder(Path dir, Path caKeyFile, Clock clock, SecureRandom random) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.caKeyFile = caKeyFile != null ? caKeyFile : dir.resolve(DemoPki.CA_KEY);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  public PkiFolder(Path dir, Path caKeyFile) {
    this(dir, caKeyFile, Clock.systemUTC(), new SecureRandom());
  }

  public Path dir() {
    return dir;
  }

  /**
   * What {@code pki init} creates.
   *
   * @param caName the CA's CN
   * @param serverName the gateway certificate's CN (what profiles name in verify-x509-name)
   * @param serverSans its DNS names and addresses (none: its CN as a DNS name)
   * @param key the kind of key for the CA and the gateway
   * @param caValidity how long the CA is valid
   * @param serverValidity how long the gateway's certificate is valid
   */
  public record InitOptions(
      String caName,
      String serverName,
      List<San> serverSans,
      KeySpec key,
      Duration caValidity,
      Duration serverValidity) {
    public InitOptions {
      serverSans = List.copyOf(serverSans);
    }
  }

  /** Creates a new CA, the gateway's certificate, the tls-crypt key, an empty CRL and index. */
  public void init(InitOptions o) throws IOException, PkiException {
    try (FileLock lock = lock()) {
      if (Files.exists(dir.resolve(DemoPki.CA_CERT))) {
        throw new PkiException(dir + " already holds a CA (ca.crt); use another --pki folder");
      }
      if (Files.exists(caKeyFile)) {
        throw new PkiException(caKeyFile + " already exists; it is not overwritten");
      }
      Instant now = clock.instant();
      KeyPair ca = o.key().generate(random);
      X509CertificateHolder caCert =
          CertIssuer.selfSignedCa(ca, o.caName(), now, o.caValidity(), random);
      PemFiles.createPrivateDirectory(caKeyFile.toAbsolutePath().getParent());
      PemFiles.write(
          caKeyFile, PemFiles.pem("PRIVATE KEY", ca.getPrivate().getEncoded()), PemFiles.PRIVATE);
      PemFiles.write(dir.resolve(DemoPki.CA_CERT), pem(caCert), PemFiles.PUBLIC);
      finishSetup(
          caCert, ca.getPrivate(), o.serverName(), o.serverSans(), o.key(), o.serverValidity());
    }
  }

  /**
   * Takes an existing CA (bring your own root): with its key this PKI issues as after {@code init}
   * (and makes the gateway's certificate now); without it the CA is only trusted, and the operator
   * puts a gateway certificate from that CA at server.crt/server.key.
   *
   * @param caKey the CA's private key file, or {@code null}
   */
  public void importCa(
      Path caCertFile, Path caKey, String serverName, List<San> serverSans, Duration serverValidity)
      throws IOException, PkiException {
    try (FileLock lock = lock()) {
      if (Files.exists(dir.resolve(DemoPki.CA_CERT))) {
        throw new PkiException(dir + " already holds a CA (ca.crt); use another --pki folder");
      }
      X509CertificateHolder caCert = PemFiles.readCertificate(caCertFile);
      if (!CertFacts.isCa(caCert)) {
        throw new PkiException(caCertFile + " is not a CA certificate (basicConstraints CA:TRUE)");
      }
      PemFiles.write(dir.resolve(DemoPki.CA_CERT), pem(caCert), PemFiles.PUBLIC);
      if (caKey == null) {
        writeTlsCryptKey();
        PemFiles.write(dir.resolve(REVOKED), revokedHeader(), PemFiles.PUBLIC);
        PemFiles.write(dir.resolve(INDEX), CertIndex.EMPTY.toJson(), PemFiles.PUBLIC);
        return;
      }
      PrivateKey key = PemFiles.readPrivateKey(caKey);
      if (!CertFacts.keyMatches(caCert, key)) {
        throw new PkiException(caKey + " is not the private key of " + caCertFile);
      }
      if (!caKey.toAbsolutePath().normalize().equals(caKeyFile.toAbsolutePath().normalize())) {
        PemFiles.createPrivateDirectory(caKeyFile.toAbsolutePath().getParent());
        PemFiles.write(caKeyFile, PemFiles.pem("PRIVATE KEY", key.getEncoded()), PemFiles.PRIVATE);
      }
      KeySpec spec = KeySpec.of(CertFacts.publicKey(caCert));
      finishSetup(caCert, key, serverName, serverSans, spec, serverValidity);
    }
  }

  private void finishSetup(
      X509CertificateHolder caCert,
      PrivateKey caKey,
      String serverName,
      List<San> sans,
      KeySpec spec,
      Duration validity)
      throws IOException {
    CertIndex index = CertIndex.EMPTY;
    KeyPair server = spec.generate(random);
    X509CertificateHolder cert =
        CertIssuer.issue(
            caCert,
            caKey,
            server.getPublic(),
            new CertIssuer.Leaf(serverName, CertIssuer.Role.SERVER, sans, validity),
            clock.instant(),
            random);
    PemFiles.write(
        dir.resolve(DemoPki.SERVER_KEY),
        PemFiles.pem("PRIVATE KEY", server.getPrivate().getEncoded()),
        PemFiles.PRIVATE);
    PemFiles.write(dir.resolve(DemoPki.SERVER_CERT), pem(cert), PemFiles.PUBLIC);
    index = index.withIssued(entry(cert, "server"));
    writeTlsCryptKey();
    PemFiles.write(dir.resolve(REVOKED), revokedHeader(), PemFiles.PUBLIC);
    index = signCrl(index, caCert, caKey, CrlSigner.DEFAULT_VALIDITY);
    PemFiles.write(dir.resolve(INDEX), index.toJson(), PemFiles.PUBLIC);
  }

  /**
   * What {@code pki issue} makes.
   *
   * @param user the CN, and the file name under clients/
   * @param sans UPN and e-mail names
   * @param validity how long it is valid
   * @param key the kind of key, or {@code null} for the CA's kind
   */
  public record IssueOptions(String user, List<San> sans, Duration validity, KeySpec key) {
    public IssueOptions {
      sans = List.copyOf(sans);
    }
  }

  /** Issues a client certificate; refused while the user holds a valid one. */
  public CertIndex.Entry issue(IssueOptions o) throws IOException, PkiException {
    checkUser(o.user());
    try (FileLock lock = lock()) {
      CertIndex index = index();
      Instant now = clock.instant();
      List<CertIndex.Entry> current = index.validClients(o.user(), now);
      if (!current.isEmpty()) {
        throw new PkiException(
            o.user()
                + " already holds certificate "
                + current.get(0).serial()
                + " (valid until "
                + current.get(0).notAfter()
                + "); revoke it first");
      }
      X509CertificateHolder caCert = caCert();
      PrivateKey caKey = caKey();
      KeySpec spec = o.key() != null ? o.key() : KeySpec.of(CertFacts.publicKey(caCert));
      KeyPair pair = spec.generate(random);
      X509CertificateHolder cert =
          CertIssuer.issue(
              caCert,
              caKey,
              pair.getPublic(),
              new CertIssuer.Leaf(o.user(), CertIssuer.Role.CLIENT, o.sans(), o.validity()),
              now,
              random);
      Path clients = dir.resolve(DemoPki.CLIENTS);
      PemFiles.createPrivateDirectory(clients);
      PemFiles.write(
          clients.resolve(o.user() + ".key"),
          PemFiles.pem("PRIVATE KEY", pair.getPrivate().getEncoded()),
          PemFiles.PRIVATE);
      PemFiles.write(clients.resolve(o.user() + ".crt"), pem(cert), PemFiles.PUBLIC);
      CertIndex.Entry e = entry(cert, "client");
      PemFiles.write(dir.resolve(INDEX), index.withIssued(e).toJson(), PemFiles.PUBLIC);
      return e;
    }
  }

  /**
   * Revokes a user's valid client certificates, or the certificate with that serial number: the
   * thumbprints are appended to revoked.txt, then the CRL is re-signed (when the CA key is at hand;
   * otherwise the thumbprint list alone cuts the user off, and {@code pki crl --ca-key} catches the
   * CRL up).
   *
   * @return what was revoked, and whether the CRL was re-signed
   */
  public Revoked revoke(String userOrSerial) throws IOException, PkiException {
    try (FileLock lock = lock()) {
      CertIndex index = index();
      Instant now = clock.instant();
      List<CertIndex.Entry> targets = new ArrayList<>(index.validClients(userOrSerial, now));
      if (targets.isEmpty()) {
        index.bySerial(userOrSerial).filter(e -> e.revokedAt() == null).ifPresent(targets::add);
      }
      if (targets.isEmpty()) {
        throw new PkiException(
            PkiException.Kind.NOT_FOUND,
            "no valid certificate for '"
                + userOrSerial
                + "' (neither a user nor the serial of an unrevoked certificate; see p2sgate"
                + " pki list)");
      }
      StringBuilder lines = new StringBuilder();
      for (CertIndex.Entry e : targets) {
        index = index.withRevoked(e.serial(), now);
        lines
            .append(e.sha256())
            .append("  # serial ")
            .append(e.serial())
            .append(" CN=")
            .append(e.commonName())
            .append(" revoked ")
            .append(now)
            .append('\n');
      }
      PemFiles.write(dir.resolve(INDEX), index.toJson(), PemFiles.PUBLIC);
      Path list = dir.resolve(REVOKED);
      String before = Files.exists(list) ? PemFiles.read(list) : revokedHeader();
      if (!before.isEmpty() && !before.endsWith("\n")) {
        before += "\n";
      }
      PemFiles.write(list, before + lines, PemFiles.PUBLIC);
      boolean crl = Files.exists(caKeyFile);
      if (crl) {
        index = signCrl(index, caCert(), caKey(), CrlSigner.DEFAULT_VALIDITY);
        PemFiles.write(dir.resolve(INDEX), index.toJson(), PemFiles.PUBLIC);
      }
      return new Revoked(targets, crl);
    }
  }

  /**
   * The outcome of {@link #revoke}.
   *
   * @param certificates what was revoked
   * @param crlSigned whether ca.crl was re-signed
   */
  public record Revoked(List<CertIndex.Entry> certificates, boolean crlSigned) {}

  /** Re-signs ca.crl (same revocations, new number, nextUpdate {@code validity} from now). */
  public Instant resignCrl(Duration validity) throws IOException, PkiException {
    try (FileLock lock = lock()) {
      CertIndex index = signCrl(index(), caCert(), caKey(), validity);
      PemFiles.write(dir.resolve(INDEX), index.toJson(), PemFiles.PUBLIC);
      return clock.instant().plus(validity);
    }
  }

  /** Every certificate issued, in order. */
  public CertIndex index() throws IOException, PkiException {
    Path file = dir.resolve(INDEX);
    if (!Files.exists(file)) {
      if (!Files.exists(dir.resolve(DemoPki.CA_CERT))) {
        throw new PkiException("no PKI in " + dir + ": run p2sgate pki init (or pki import-ca)");
      }
      return CertIndex.EMPTY; // a demo PKI: nothing recorded
    }
    try {
      return CertIndex.fromJson(PemFiles.read(file));
    } catch (IllegalArgumentException e) {
      throw new PkiException(file + ": " + e.getMessage());
    }
  }

  /**
   * The user's current certificate and key, for a profile; refused when that certificate is revoked
   * or expired.
   */
  public ClientCredentials client(String user) throws IOException, PkiException {
    checkUser(user);
    Path cert = dir.resolve(DemoPki.CLIENTS).resolve(user + ".crt");
    Path key = dir.resolve(DemoPki.CLIENTS).resolve(user + ".key");
    if (!Files.exists(cert) || !Files.exists(key)) {
      throw new PkiException(
          PkiException.Kind.NOT_FOUND,
          "no certificate for '" + user + "' in " + dir + ": run p2sgate pki issue " + user);
    }
    X509CertificateHolder holder = PemFiles.readCertificate(cert);
    String sha = sha256(holder);
    Instant now = clock.instant();
    for (CertIndex.Entry e : index().certificates()) {
      if (e.sha256().equals(sha) && e.status(now) != CertIndex.Status.VALID) {
        throw new PkiException(
            PkiException.Kind.NOT_FOUND,
            user
                + "'s certificate "
                + e.serial()
                + " is "
                + e.status(now).name().toLowerCase(java.util.Locale.ROOT)
                + ": run p2sgate pki issue "
                + user);
      }
    }
    return new ClientCredentials(user, PemFiles.read(cert), PemFiles.read(key));
  }

  static void checkUser(String user) throws PkiException {
    if (user == null || !USER.matcher(user).matches()) {
      throw new PkiException(
          PkiException.Kind.INVALID,
          "user name must be 1 to 64 letters, digits, '.', '_', '@' or '-', starting with a"
              + " letter or digit, got '"
              + user
              + "'");
    }
  }

  private CertIndex signCrl(
      CertIndex index, X509CertificateHolder caCert, PrivateKey caKey, Duration validity)
      throws IOException {
    long number = index.crlNumber() + 1;
    PemFiles.write(
        dir.resolve(CRL),
        CrlSigner.pem(
            CrlSigner.sign(
                caCert, caKey, index.revoked(), number, clock.instant(), validity, random)),
        PemFiles.PUBLIC);
    return index.withCrlNumber(number);
  }

  private X509CertificateHolder caCert() throws IOException, PkiException {
    Path file = dir.resolve(DemoPki.CA_CERT);
    if (!Files.exists(file)) {
      throw new PkiException("no PKI in " + dir + ": run p2sgate pki init (or pki import-ca)");
    }
    return PemFiles.readCertificate(file);
  }

  private PrivateKey caKey() throws IOException, PkiException {
    if (!Files.exists(caKeyFile)) {
      throw new PkiException(
          "the CA key is not at "
              + caKeyFile
              + ": give --ca-key PATH (a CA imported without its key cannot issue here)");
    }
    return PemFiles.readPrivateKey(caKeyFile);
  }

  private void writeTlsCryptKey() throws IOException {
    Path tc = dir.resolve(DemoPki.TLS_CRYPT_KEY);
    if (!Files.exists(tc)) {
      byte[] raw = new byte[StaticKey.SIZE];
      random.nextBytes(raw);
      PemFiles.write(tc, StaticKey.of(raw).toPem(), PemFiles.PRIVATE);
    }
  }

  private static String revokedHeader() {
    return "# revoked certificates, SHA-256 thumbprints (p2sgate pki revoke appends here)\n";
  }

  private static CertIndex.Entry entry(X509CertificateHolder cert, String role) {
    return new CertIndex.Entry(
        cert.getSerialNumber().toString(16),
        CertFacts.commonName(cert),
        role,
        CertFacts.subjectAltNames(cert).stream().map(San::toString).toList(),
        cert.getNotAfter().toInstant(),
        sha256(cert),
        null);
  }

  static String sha256(X509CertificateHolder cert) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new IllegalStateException("cannot hash a certificate", e);
    }
  }

  private static String pem(X509CertificateHolder cert) throws IOException {
    return PemFiles.pem("CERTIFICATE", cert.getEncoded());
  }

  private FileLock lock() throws IOException {
    PemFiles.createPrivateDirectory(dir);
    FileChannel ch =
        FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      return new ClosingLock(ch, ch.lock());
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** A lock that closes its channel when released. */
  private static final class ClosingLock extends FileLock {
    private final FileLock inner;

    ClosingLock(FileChannel ch, FileLock inner) {
      super(ch, inner.position(), inner.size(), inner.isShared());
      this.inner = inner;
    }

    @Override
    public boolean isValid() {
      return inner.isValid();
    }

    @Override
    public void release() throws IOException {
      inner.release();
      channel().close();
    }
  }

  @Override
  public String toString() {
    return "PkiFolder[" + dir + "]";
  }
}
