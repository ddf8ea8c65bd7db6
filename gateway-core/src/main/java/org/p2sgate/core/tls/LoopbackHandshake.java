package org.p2sgate.core.tls;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
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
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCertificate;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * One whole TLS handshake between a {@link TlsServerDriver} and a bctls client, in memory: the
 * server side runs exactly the code a real client's handshake runs (record layer, key exchange,
 * signature, client-certificate check, exporter). Used to warm that code up at start, so that the
 * first real client does not wait for the JIT. The client trusts any server: it talks to our own
 * driver in the same process and carries nothing of value.
 */
public final class LoopbackHandshake {
  private static final JcaTlsCrypto CRYPTO = TlsCrypto.shared();

  /** Flights in one handshake, at most, before it counts as stuck. */
  static final int MAX_ROUNDS = 16;

  private LoopbackHandshake() {}

  /**
   * Runs a handshake and a round trip of application data.
   *
   * @param tls12 offer only TLS 1.2 (else TLS 1.3 first, as OpenVPN 2.6 does)
   * @return whether it completed, the server accepted the client certificate and data went through
   * @throws IOException if TLS failed on either side
   */
  public static boolean run(
      TlsServerDriver server, X509Certificate[] clientChain, PrivateKey clientKey, boolean tls12)
      throws IOException {
    Client c = new Client(clientChain, clientKey, tls12);
    TlsClientProtocol client = new TlsClientProtocol();
    client.connect(c);
    for (int round = 0; round < MAX_ROUNDS && !server.isHandshakeComplete(); round++) {
      byte[] toServer = take(client);
      if (toServer.length > 0) {
        server.offerCiphertext(toServer);
      }
      byte[] toClient = server.takeCiphertext();
      if (toClient.length > 0) {
        client.offerInput(toClient);
      }
    }
    if (!server.isHandshakeComplete() || !c.complete) {
      return false;
    }
    byte[] hello = {'w', 'a', 'r', 'm', 0};
    server.writePlaintext(hello);
    client.offerInput(server.takeCiphertext());
    client.writeApplicationData(hello, 0, hello.length);
    server.offerCiphertext(take(client));
    server.exportKeyingMaterial(TlsServerDriver.DATAKEYS_LABEL, 256);
    client.close();
    return server.takePlaintext().length == hello.length && server.peerIdentity() != null;
  }

  /** A client's first flight (the ClientHello record), as a real client would send it. */
  public static byte[] clientHello(X509Certificate[] clientChain, PrivateKey clientKey)
      throws IOException {
    TlsClientProtocol client = new TlsClientProtocol();
    client.connect(new Client(clientChain, clientKey, false));
    return take(client);
  }

  private static byte[] take(TlsClientProtocol p) {
    byte[] out = new byte[p.getAvailableOutputBytes()];
    if (out.length > 0) {
      p.readOutput(out, 0, out.length);
    }
    return out;
  }

  private static final class Client extends DefaultTlsClient {
    private final X509Certificate[] chain;
    private final PrivateKey key;
    private final boolean tls12;
    boolean complete;

    Client(X509Certificate[] chain, PrivateKey key, boolean tls12) {
      super(CRYPTO);
      this.chain = chain;
      this.key = key;
      this.tls12 = tls12;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
      return tls12
          ? ProtocolVersion.TLSv12.only()
          : ProtocolVersion.TLSv13.downTo(ProtocolVersion.TLSv12);
    }

    @Override
    public TlsAuthentication getAuthentication() {
      return new TlsAuthentication() {
        @Override
        public void notifyServerCertificate(TlsServerCertificate server) {
          // our own driver, in this process
        }

        @Override
        public TlsCredentials getClientCredentials(CertificateRequest request) {
          return credentials(request);
        }
      };
    }

    private TlsCredentials credentials(CertificateRequest request) {
      CertificateEntry[] entries = new CertificateEntry[chain.length];
      org.bouncycastle.tls.crypto.TlsCertificate[] plain =
          new org.bouncycastle.tls.crypto.TlsCertificate[chain.length];
      for (int i = 0; i < chain.length; i++) {
        plain[i] = new JcaTlsCertificate(CRYPTO, chain[i]);
        entries[i] = new CertificateEntry(plain[i], null);
      }
      Certificate cert =
          TlsUtils.isTLSv13(context)
              ? new Certificate(request.getCertificateRequestContext(), entries)
              : new Certificate(plain);
      short algorithm =
          key.getAlgorithm().equals("RSA")
              ? (TlsUtils.isTLSv13(context)
                  ? SignatureAlgorithm.rsa_pss_rsae_sha256
                  : SignatureAlgorithm.rsa)
              : SignatureAlgorithm.ecdsa;
      SignatureAndHashAlgorithm sig =
          algorithm == SignatureAlgorithm.rsa_pss_rsae_sha256
              ? SignatureAndHashAlgorithm.rsa_pss_rsae_sha256
              : SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, algorithm);
      return new JcaDefaultTlsCredentialedSigner(
          new TlsCryptoParameters(context), CRYPTO, key, cert, sig);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
      super.notifyHandshakeComplete();
      context.exportKeyingMaterial(TlsServerDriver.DATAKEYS_LABEL, null, 256);
      complete = true;
    }
  }
}
