package org.p2sgate.core.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/**
 * A CA and one client certificate that live in memory for an hour and are never written anywhere:
 * what the start-up warm-up handshakes with, so that the first real client meets compiled code.
 *
 * @param ca the CA certificate (trust it, and only for the warm-up)
 * @param clientChain the client's chain, leaf first
 * @param clientKey the client's private key
 */
public record ThrowawayPki(
    X509Certificate ca, X509Certificate[] clientChain, PrivateKey clientKey) {

  /** A new CA and client, both with {@code spec} keys. */
  public static ThrowawayPki create(KeySpec spec, Instant now, SecureRandom random) {
    KeyPair caKeys = spec.generate(random);
    KeyPair clientKeys = spec.generate(random);
    Duration life = Duration.ofHours(1);
    X509CertificateHolder ca =
        CertIssuer.selfSignedCa(caKeys, "p2sgate warm-up CA", now, life, random);
    X509CertificateHolder leaf =
        CertIssuer.issue(
            ca,
            caKeys.getPrivate(),
            clientKeys.getPublic(),
            new CertIssuer.Leaf("p2sgate-warm-up", CertIssuer.Role.CLIENT, List.of(), life),
            now,
            random);
    try {
      JcaX509CertificateConverter c = new JcaX509CertificateConverter();
      return new ThrowawayPki(
          c.getCertificate(ca),
          new X509Certificate[] {c.getCertificate(leaf)},
          clientKeys.getPrivate());
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot convert the warm-up certificates", e);
    }
  }

  @Override
  public String toString() {
    return "ThrowawayPki[" + ca.getSubjectX500Principal() + "]"; // never the key
  }
}
