package org.p2sgate.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The bctls server peer: offers TLS 1.3 and 1.2 (or 1.3 only), requires a client certificate and
 * hands it to a {@link PeerVerifier}. Signs with an EC or RSA key.
 */
final class GatewayTlsServer extends DefaultTlsServer {
  private static final int[] SUITES_13 = {
    CipherSuite.TLS_AES_256_GCM_SHA384,
    CipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_AES_128_GCM_SHA256,
  };
  private static final int[] SUITES_12_EC = {
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
  };
  private static final int[] SUITES_12_RSA = {
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
  };

  private final JcaTlsCrypto crypto;
  private final ServerCredentials credentials;
  private final PeerVerifier verifier;
  private final boolean tls13Only;
  private volatile boolean handshakeComplete;
  private String peerIdentity;
  private String failure;
  private byte[] exported;
  private X509Certificate[] peerChain = new X509Certificate[0];

  GatewayTlsServer(
      JcaTlsCrypto crypto,
      ServerCredentials credentials,
      PeerVerifier verifier,
      boolean tls13Only) {
    super(crypto);
    this.crypto = crypto;
    this.credentials = credentials;
    this.verifier = verifier;
    this.tls13Only = tls13Only;
  }

  @Override
  protected ProtocolVersion[] getSupportedVersions() {
    return tls13Only
        ? ProtocolVersion.TLSv13.only()
        : ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
  }

  @Override
  protected int[] getSupportedCipherSuites() {
    int[] twelve = credentials.isEc() ? SUITES_12_EC : SUITES_12_RSA;
    int[] all = new int[SUITES_13.length + twelve.length];
    System.arraycopy(SUITES_13, 0, all, 0, SUITES_13.length);
    System.arraycopy(twelve, 0, all, SUITES_13.length, twelve.length);
    return TlsUtils.getSupportedCipherSuites(crypto, all);
  }

  @Override
  public TlsCredentials getCredentials() throws IOException {
    boolean v13 = TlsUtils.isTLSv13(context.getServerVersion());
    Vector<?> offered = context.getSecurityParametersHandshake().getClientSigAlgs();
    SignatureAndHashAlgorithm chosen = null;
    for (SignatureAndHashAlgorithm candidate : candidates()) {
      if (offered == null || offered.contains(candidate)) {
        chosen = candidate;
        break;
      }
    }
    if (chosen == null) {
      throw new TlsFatalAlert(
          AlertDescription.handshake_failure, "no signature algorithm in common with the client");
    }
    Certificate cert = v13 ? certificate13() : certificate12();
    return new JcaDefaultTlsCredentialedSigner(
        new TlsCryptoParameters(context), crypto, credentials.key(), cert, chosen);
  }

  private SignatureAndHashAlgorithm[] candidates() {
    if (credentials.isEc()) {
      int bits =
          ((java.security.interfaces.ECPrivateKey) credentials.key())
              .getParams()
              .getCurve()
              .getField()
              .getFieldSize();
      short hash =
          bits > 384
              ? HashAlgorithm.sha512
              : bits > 256 ? HashAlgorithm.sha384 : HashAlgorithm.sha256;
      return new SignatureAndHashAlgorithm[] {
        SignatureAndHashAlgorithm.getInstance(hash, SignatureAlgorithm.ecdsa)
      };
    }
    return new SignatureAndHashAlgorithm[] {
      SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
      SignatureAndHashAlgorithm.rsa_pss_rsae_sha384,
      SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
    };
  }

  private Certificate certificate12() {
    TlsCertificate[] list = new TlsCertificate[credentials.chain().length];
    for (int i = 0; i < list.length; i++) {
      list[i] = new JcaTlsCertificate(crypto, credentials.chain()[i]);
    }
    return new Certificate(list);
  }

  private Certificate certificate13() {
    CertificateEntry[] list = new CertificateEntry[credentials.chain().length];
    for (int i = 0; i < list.length; i++) {
      list[i] = new CertificateEntry(new JcaTlsCertificate(crypto, credentials.chain()[i]), null);
    }
    return new Certificate(TlsUtils.EMPTY_BYTES, list);
  }

  @Override
  public CertificateRequest getCertificateRequest() throws IOException {
    if (verifier.clientCertMode() == ClientCertMode.NONE) {
      return null; // no CertificateRequest: the client authenticates after the handshake
    }
    Vector<?> sigAlgs = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
    if (TlsUtils.isTLSv13(context.getServerVersion())) {
      return new CertificateRequest(TlsUtils.EMPTY_BYTES, sigAlgs, null, null);
    }
    short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
    return new CertificateRequest(types, sigAlgs, null);
  }

  @Override
  public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
    if (clientCertificate == null || clientCertificate.isEmpty()) {
      if (verifier.clientCertMode() != ClientCertMode.REQUIRED) {
        return; // optional: the policies without a certificate decide after the handshake
      }
      failure = "client sent no certificate";
      throw new TlsFatalAlert(AlertDescription.certificate_required, failure);
    }
    X509Certificate[] chain = new X509Certificate[clientCertificate.getLength()];
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (int i = 0; i < chain.length; i++) {
        byte[] der = clientCertificate.getCertificateAt(i).getEncoded();
        chain[i] = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
      }
      PeerVerifier.Verified v = verifier.verify(chain);
      peerIdentity = v.identity();
      peerChain = v.path().toArray(X509Certificate[]::new);
    } catch (CertificateException e) {
      // the subject is the client's text: printable and bounded, so it cannot forge log lines
      String subject =
          chain[0] == null
              ? "?"
              : org.p2sgate.core.observe.LogText.printable(
                  chain[0].getSubjectX500Principal().getName());
      failure = "client certificate refused (" + subject + "): " + e.getMessage();
      throw new TlsFatalAlert(AlertDescription.bad_certificate, failure);
    }
  }

  @Override
  public void notifyHandshakeComplete() throws IOException {
    super.notifyHandshakeComplete();
    // bctls forgets the exporter secret once this returns: export what OpenVPN will ask for now
    exported = context.exportKeyingMaterial(TlsServerDriver.DATAKEYS_LABEL, null, 256);
    handshakeComplete = true;
  }

  @Override
  public int getMaxHandshakeMessageSize() {
    return 64 * 1024; // client chains are small; bounds memory per handshake
  }

  boolean handshakeComplete() {
    return handshakeComplete;
  }

  String peerIdentity() {
    return peerIdentity;
  }

  X509Certificate[] peerChain() {
    return peerChain.clone();
  }

  String failure() {
    return failure;
  }

  /** The exported keying material, once: the copy kept here is zeroed as it is handed out. */
  byte[] export(String label, int length) {
    if (exported == null || !TlsServerDriver.DATAKEYS_LABEL.equals(label) || length != 256) {
      throw new IllegalStateException("keying material for " + label + " was not exported");
    }
    byte[] out = exported.clone();
    wipe();
    exported = null;
    return out;
  }

  void wipe() {
    if (exported != null) {
      java.util.Arrays.fill(exported, (byte) 0);
    }
  }

  String negotiatedSummary() {
    int suite = context.getSecurityParametersConnection().getCipherSuite();
    return context.getServerVersion() + " " + suiteName(suite);
  }

  private static String suiteName(int suite) {
    return switch (suite) {
      case CipherSuite.TLS_AES_256_GCM_SHA384 -> "TLS_AES_256_GCM_SHA384";
      case CipherSuite.TLS_AES_128_GCM_SHA256 -> "TLS_AES_128_GCM_SHA256";
      case CipherSuite.TLS_CHACHA20_POLY1305_SHA256 -> "TLS_CHACHA20_POLY1305_SHA256";
      case CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 -> "ECDHE-ECDSA-AES256-GCM-SHA384";
      case CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 -> "ECDHE-RSA-AES256-GCM-SHA384";
      default -> "suite 0x" + Integer.toHexString(suite);
    };
  }
}
