package org.p2sgate.core.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The test client's TLS session for one key state: bctls {@link TlsClientProtocol} in non-blocking
 * mode over in-memory buffers. It presents the client certificate and checks the server's the way
 * {@code ca} + {@code remote-cert-tls server} do: the chain must lead to the CA, the leaf must have
 * a keyUsage extension and the EKU serverAuth (wire doc 5.1).
 *
 * <p>The tls-ekm key block is exported inside {@code notifyHandshakeComplete()}, the only place
 * bctls allows it (wire doc 6.1).
 */
final class ClientTls {
  /** {@code EXPORT_KEY_DATA_LABEL} in ssl_backend.h. */
  static final String DATAKEYS_LABEL = "EXPORTER-OpenVPN-datakeys";

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

  private static final JcaTlsCrypto CRYPTO = org.p2sgate.core.tls.TlsCrypto.shared();

  private final TlsClientProtocol protocol = new TlsClientProtocol();
  private final Client client;
  private String failure;

  ClientTls(TestClientConfig config) {
    client = new Client(config);
    try {
      protocol.connect(client); // non-blocking: queues the ClientHello
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the TLS client", e);
    }
  }

  /** Feeds ciphertext from the server. Returns false (and records why) if TLS failed. */
  boolean offer(byte[] ciphertext) {
    if (failure != null) {
      return false;
    }
    try {
      protocol.offerInput(ciphertext);
      return true;
    } catch (IOException | RuntimeException e) {
      failure = client.failure != null ? client.failure : String.valueOf(e.getMessage());
      return false;
    }
  }

  /** Ciphertext bctls wants sent, or an empty array. */
  byte[] takeCiphertext() {
    int n = protocol.getAvailableOutputBytes();
    byte[] out = new byte[n];
    if (n > 0) {
      protocol.readOutput(out, 0, n);
    }
    return out;
  }

  /** Decrypted application data, or an empty array. */
  byte[] takePlaintext() {
    int n = protocol.getAvailableInputBytes();
    byte[] out = new byte[n];
    if (n > 0) {
      protocol.readInput(out, 0, n);
    }
    return out;
  }

  /** Sends one message as one TLS write (the reference writes each message as one record). */
  boolean write(byte[] plaintext) {
    try {
      protocol.writeApplicationData(plaintext, 0, plaintext.length);
      return true;
    } catch (IOException e) {
      failure = "TLS write failed: " + e.getMessage();
      return false;
    }
  }

  /**
   * Attack hook: writes a raw record of {@code contentType} through the established session (bctls
   * has no API for a post-handshake ClientHello; its record writer is reached by reflection).
   */
  void writeRawRecord(short contentType, byte[] body) {
    try {
      java.lang.reflect.Method m =
          org.bouncycastle.tls.TlsProtocol.class.getDeclaredMethod(
              "safeWriteRecord", short.class, byte[].class, int.class, int.class);
      m.setAccessible(true);
      m.invoke(protocol, contentType, body, 0, body.length);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot write a raw TLS record", e);
    }
  }

  boolean isHandshakeComplete() {
    return client.complete;
  }

  /** The 256-byte tls-ekm block, or {@code null} before the handshake completed. */
  byte[] exportedKeyBlock() {
    return client.exported == null ? null : client.exported.clone();
  }

  /** Why TLS failed (an alert received or raised, a refused certificate), or {@code null}. */
  String failure() {
    return failure != null ? failure : client.failure;
  }

  /** e.g. "TLS 1.3". */
  String version() {
    return client.version;
  }

  void close() {
    try {
      protocol.close();
    } catch (IOException ignored) {
      // in-memory; nothing to release
    }
  }

  private static final class Client extends DefaultTlsClient {
    private final TestClientConfig config;
    volatile boolean complete;
    byte[] exported;
    String failure;
    String version;

    Client(TestClientConfig config) {
      super(CRYPTO);
      this.config = config;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
      return config.tls12Only()
          ? ProtocolVersion.TLSv12.only()
          : ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
    }

    @Override
    public TlsAuthentication getAuthentication() {
      return new TlsAuthentication() {
        @Override
        public void notifyServerCertificate(TlsServerCertificate server) throws IOException {
          checkServer(server.getCertificate());
        }

        @Override
        public TlsCredentials getClientCredentials(CertificateRequest request) {
          return credentials(request);
        }
      };
    }

    private void checkServer(Certificate chain) throws IOException {
      if (chain == null || chain.isEmpty()) {
        throw refuse("server sent no certificate");
      }
      List<X509Certificate> certs = new ArrayList<>();
      try {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        for (int i = 0; i < chain.getLength(); i++) {
          byte[] der = chain.getCertificateAt(i).getEncoded();
          certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
        }
        X509Certificate leaf = certs.get(0);
        if (leaf.getKeyUsage() == null) {
          throw refuse("server certificate has no keyUsage (remote-cert-tls server)");
        }
        List<String> eku = leaf.getExtendedKeyUsage();
        if (eku == null || !eku.contains(SERVER_AUTH)) {
          throw refuse("server certificate lacks EKU serverAuth (remote-cert-tls server)");
        }
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(config.ca(), null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(certs), params);
      } catch (GeneralSecurityException e) {
        throw refuse("server certificate not trusted: " + e.getMessage());
      }
    }

    private TlsFatalAlert refuse(String why) {
      failure = why;
      return new TlsFatalAlert(AlertDescription.bad_certificate, why);
    }

    private TlsCredentials credentials(CertificateRequest request) {
      if (config.cert() == null) {
        return null; // no certificate configured: an empty Certificate message, as OpenSSL sends
      }
      List<X509Certificate> chain = new ArrayList<>();
      chain.add(config.cert().cert());
      chain.addAll(config.extraChain());
      boolean v13 = TlsUtils.isTLSv13(context);
      CertificateEntry[] entries = new CertificateEntry[chain.size()];
      org.bouncycastle.tls.crypto.TlsCertificate[] plain =
          new org.bouncycastle.tls.crypto.TlsCertificate[chain.size()];
      for (int i = 0; i < chain.size(); i++) {
        plain[i] = new JcaTlsCertificate(CRYPTO, chain.get(i));
        entries[i] = new CertificateEntry(plain[i], null);
      }
      Certificate cert =
          v13
              ? new Certificate(request.getCertificateRequestContext(), entries)
              : new Certificate(plain);
      return new JcaDefaultTlsCredentialedSigner(
          new TlsCryptoParameters(context),
          CRYPTO,
          config.cert().key(),
          cert,
          SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
      super.notifyHandshakeComplete();
      // bctls allows the exporter only here; OpenVPN calls it with no context (wire doc 5.1)
      exported = context.exportKeyingMaterial(DATAKEYS_LABEL, null, 256);
      version = context.getServerVersion().toString();
      complete = true;
    }

    @Override
    public void notifyAlertRaised(short level, short description, String message, Throwable c) {
      if (failure == null) {
        failure =
            "alert raised: "
                + AlertDescription.getText(description)
                + (message == null ? "" : " (" + message + ")");
      }
    }

    @Override
    public void notifyAlertReceived(short level, short description) {
      // warnings (close_notify, no_renegotiation) do not end a session, as in OpenSSL
      if (failure == null && level == org.bouncycastle.tls.AlertLevel.fatal) {
        failure = "alert received: " + AlertDescription.getText(description);
      }
    }
  }

  @Override
  public String toString() {
    return "ClientTls[complete="
        + client.complete
        + (failure() == null ? "" : ", failure=" + failure())
        + "]";
  }
}
