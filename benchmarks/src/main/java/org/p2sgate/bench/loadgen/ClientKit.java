package org.p2sgate.bench.loadgen;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.control.StaticKey;
import org.p2sgate.core.testing.TestClientConfig;
import org.p2sgate.core.testing.TestPki;

/**
 * The client side of a {@code shared/bench/pki.sh} folder: {@code ca.crt}, {@code clientNN.crt} and
 * {@code .key} (distinct common names, as servers without {@code duplicate-cn} need one per live
 * session) and the tls-crypt key {@code tc.key}. Makes one {@link TestClientConfig} per session:
 * the certificate by index, the cipher offered, a distinct seed.
 */
final class ClientKit {
  private final X509Certificate ca;
  private final List<TestPki.Credential> clients;
  private final TlsWrapConfig wrap;
  private final String cipher;

  private ClientKit(
      X509Certificate ca, List<TestPki.Credential> clients, TlsWrapConfig wrap, String cipher) {
    this.ca = ca;
    this.clients = clients;
    this.wrap = wrap;
    this.cipher = cipher;
  }

  /** Reads {@code dir}: the CA, every {@code clientNN} pair from 01 on, and {@code tc.key}. */
  static ClientKit load(Path dir, String cipher) throws IOException {
    X509Certificate ca = certificate(Files.readString(dir.resolve("ca.crt")));
    List<TestPki.Credential> clients = new ArrayList<>();
    for (int i = 1; i <= Options.MAX_SESSIONS; i++) {
      Path crt = dir.resolve(String.format("client%02d.crt", i));
      Path key = dir.resolve(String.format("client%02d.key", i));
      if (!Files.exists(crt) || !Files.exists(key)) {
        break;
      }
      String certPem = Files.readString(crt);
      String keyPem = Files.readString(key);
      clients.add(
          new TestPki.Credential(certificate(certPem), privateKey(keyPem), certPem, keyPem));
    }
    if (clients.isEmpty()) {
      throw new IOException("no client01.crt/.key in " + dir + " (run pki.sh DIR N)");
    }
    StaticKey tc = StaticKey.parse(Files.readString(dir.resolve("tc.key")));
    return new ClientKit(
        ca,
        List.copyOf(clients),
        new TlsWrapConfig(TlsWrapConfig.Mode.TLS_CRYPT, tc, -1, "SHA1"),
        cipher);
  }

  /** How many distinct client certificates there are (live sessions at most). */
  int certificates() {
    return clients.size();
  }

  /** The config of a session presenting certificate {@code certIndex}, seeded with {@code seed}. */
  TestClientConfig config(int certIndex, long seed) {
    return TestClientConfig.of(clients.get(certIndex), ca)
        .withWrap(wrap)
        .withCiphers(cipher)
        .withSeed(seed);
  }

  private static X509Certificate certificate(String pem) throws IOException {
    try (Reader r = new StringReader(pem);
        PEMParser p = new PEMParser(r)) {
      if (p.readObject() instanceof X509CertificateHolder h) {
        return new JcaX509CertificateConverter().getCertificate(h);
      }
      throw new IOException("no certificate in PEM text");
    } catch (CertificateException e) {
      throw new IOException(e);
    }
  }

  private static PrivateKey privateKey(String pem) throws IOException {
    try (Reader r = new StringReader(pem);
        PEMParser p = new PEMParser(r)) {
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      return switch (p.readObject()) {
        case PrivateKeyInfo info -> conv.getPrivateKey(info);
        case PEMKeyPair pair -> conv.getKeyPair(pair).getPrivate();
        case null, default -> throw new IOException("no unencrypted private key in PEM text");
      };
    }
  }
}
