package org.p2sgate.bench.crypto;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.cert.CertificateAuthenticator;
import org.p2sgate.auth.cert.IdentitySource;
import org.p2sgate.auth.cert.TrustStore;
import org.p2sgate.bench.AbstractBenchmark;

/**
 * The check of a client's certificate chain (CA, then leaf) as the server makes it once per
 * handshake: the JDK's PKIX validator over certificate objects parsed by the JDK ({@code
 * certs=jdk}) against the same validator over objects parsed by BouncyCastle ({@code certs=bc}),
 * whose {@code verify} checks the signature with BouncyCastle's own code; and {@code checkPath},
 * what {@link CertificateAuthenticator} does in production, handed a leaf of that kind of object
 * ({@code certs=jdk}: as the gateway does today, the JDK's parse of what the TLS layer passes on;
 * {@code certs=bc}: BouncyCastle's object, as one parse at the TLS edge would hand it over). EC
 * P-256 and RSA 2048 chains: an operator's PKI may use either.
 *
 * <p>Set-up fails unless both kinds of object validate the chain, and a leaf signed by another CA
 * is refused by both.
 */
@State(Scope.Thread)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MICROSECONDS)
public class PathCheckBenchmark extends AbstractBenchmark {
  private static final Provider BC = new BouncyCastleProvider();

  @Param({"ec", "rsa"})
  public String key;

  @Param({"jdk", "bc"})
  public String certs;

  /**
   * More distinct leaves than the JDK's certificate factory caches (750): a parsed certificate
   * object remembers that it verified, so one leaf checked again and again would measure a cache.
   */
  private static final int LEAVES = 1024;

  private final byte[][] leafDer = new byte[LEAVES][];
  private int next;
  private Set<TrustAnchor> anchors;
  private CertificateAuthenticator authenticator;

  @Setup
  public void setUp() throws Exception {
    KeyPair ca = keyPair();
    KeyPair leaf = keyPair();
    X509Certificate caCert = certificate("CN=bench CA", ca.getPublic(), "CN=bench CA", ca, true);
    for (int i = 0; i < LEAVES; i++) {
      leafDer[i] =
          certificate("CN=client " + i, leaf.getPublic(), "CN=bench CA", ca, false).getEncoded();
    }
    anchors = Set.of(new TrustAnchor(parse(caCert.getEncoded()), null));
    authenticator =
        new CertificateAuthenticator(
            TrustStore.of(List.of(caCert)),
            IdentitySource.COMMON_NAME,
            java.time.Clock.systemUTC());
    check();
    if (!(checkPath().result() instanceof AuthResult.Accepted)) {
      throw new IllegalStateException("checkPath refused the chain");
    }
    KeyPair other = keyPair();
    X509Certificate stranger =
        certificate("CN=client", leaf.getPublic(), "CN=bench CA", other, false);
    try {
      validate(parse(stranger.getEncoded()));
      throw new IllegalStateException("a leaf of another CA validated with " + certs);
    } catch (java.security.cert.CertPathValidatorException expected) {
      // refused, as it must be
    }
    if (!(authenticator.checkPath(List.of(stranger)).result() instanceof AuthResult.Rejected)) {
      throw new IllegalStateException("checkPath accepted a leaf of another CA");
    }
  }

  /** The JDK's PKIX validator over this kind of certificate object, parse included. */
  @Benchmark
  public Object check() throws Exception {
    return validate(parse(nextLeaf()));
  }

  /**
   * What the gateway does per handshake: a parse of the leaf the TLS layer handed over (by the JDK
   * or by BouncyCastle, per {@code certs}), then {@link CertificateAuthenticator#checkPath}.
   */
  @Benchmark
  public CertificateAuthenticator.Checked checkPath() throws GeneralSecurityException {
    return authenticator.checkPath(List.of(parse(nextLeaf())));
  }

  private byte[] nextLeaf() {
    next = (next + 1) % LEAVES;
    return leafDer[next];
  }

  private Object validate(X509Certificate leaf) throws GeneralSecurityException {
    CertPath cp = factory().generateCertPath(List.of(leaf));
    PKIXParameters p = new PKIXParameters(anchors);
    p.setRevocationEnabled(false);
    return ("bc".equals(certs)
            ? CertPathValidator.getInstance("PKIX", BC)
            : CertPathValidator.getInstance("PKIX"))
        .validate(cp, p);
  }

  private X509Certificate parse(byte[] der) throws GeneralSecurityException {
    return (X509Certificate) factory().generateCertificate(new ByteArrayInputStream(der));
  }

  private CertificateFactory factory() throws GeneralSecurityException {
    return "bc".equals(certs)
        ? CertificateFactory.getInstance("X.509", BC)
        : CertificateFactory.getInstance("X.509");
  }

  private KeyPair keyPair() throws GeneralSecurityException {
    if ("rsa".equals(key)) {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    }
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private X509Certificate certificate(
      String subject, PublicKey subjectKey, String issuer, KeyPair issuerKeys, boolean ca)
      throws Exception {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            new X500Name(issuer),
            BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(subject.hashCode())),
            Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(Duration.ofDays(30))),
            new X500Name(subject),
            subjectKey);
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (!ca) {
      b.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    }
    PrivateKey signer = issuerKeys.getPrivate();
    String alg = "rsa".equals(key) ? "SHA256withRSA" : "SHA256withECDSA";
    return new JcaX509CertificateConverter()
        .getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer)));
  }
}
