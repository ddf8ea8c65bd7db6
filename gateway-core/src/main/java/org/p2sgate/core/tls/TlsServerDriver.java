package org.p2sgate.core.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.bouncycastle.tls.TlsServerProtocol;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * One TLS server session over in-memory buffers: ciphertext in from control packets, ciphertext out
 * to control packets, plaintext in and out for key-method-2 and control messages. Built on bctls'
 * non-blocking {@link TlsServerProtocol}. Not thread safe: one owner (the event loop).
 */
public final class TlsServerDriver {
  /** {@code EXPORT_KEY_DATA_LABEL} in ssl_backend.h: the tls-ekm data-key label (wire doc 6.1). */
  public static final String DATAKEYS_LABEL = "EXPORTER-OpenVPN-datakeys";

  private static final JcaTlsCrypto CRYPTO = TlsCrypto.shared();

  private final TlsServerProtocol protocol = new TlsServerProtocol();
  private final GatewayTlsServer server;
  private boolean failed;

  public TlsServerDriver(ServerCredentials credentials, PeerVerifier verifier, boolean tls13Only)
      throws IOException {
    server = new GatewayTlsServer(CRYPTO, credentials, verifier, tls13Only);
    protocol.accept(server);
  }

  /**
   * Feeds ciphertext from the peer.
   *
   * @throws IOException if the handshake or a record fails; the session is then dead and {@link
   *     #failureReason()} says why
   */
  public void offerCiphertext(byte[] data) throws IOException {
    if (failed) {
      throw new IOException("TLS session already failed");
    }
    try {
      protocol.offerInput(data);
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
  }

  /** Ciphertext the TLS engine wants sent, or an empty array. */
  public byte[] takeCiphertext() {
    int n = protocol.getAvailableOutputBytes();
    if (n == 0) {
      return new byte[0];
    }
    byte[] out = new byte[n];
    protocol.readOutput(out, 0, n);
    return out;
  }

  /** Decrypted application data received so far, or an empty array. */
  public byte[] takePlaintext() {
    int n = protocol.getAvailableInputBytes();
    if (n == 0) {
      return new byte[0];
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream(n);
    byte[] buf = new byte[n];
    int r = protocol.readInput(buf, 0, n);
    bos.write(buf, 0, r);
    return bos.toByteArray();
  }

  /** Sends {@code message} as one TLS record (the reference reads one record at a time). */
  public void writePlaintext(byte[] message) throws IOException {
    protocol.writeApplicationData(message, 0, message.length);
  }

  public boolean isHandshakeComplete() {
    return server.handshakeComplete();
  }

  /**
   * RFC 5705 exporter with no context, as OpenVPN calls it (wire doc 5.1). Only {@link
   * #DATAKEYS_LABEL} with 256 bytes is available: it is exported when the handshake completes.
   */
  public byte[] exportKeyingMaterial(String label, int length) {
    return server.export(label, length);
  }

  /** The identity the {@link PeerVerifier} returned, or {@code null} before that. */
  public String peerIdentity() {
    return server.peerIdentity();
  }

  /**
   * The path the client's certificate validated along (leaf first, trust anchor last), not the
   * chain as presented; empty before verification.
   */
  public java.security.cert.X509Certificate[] peerChain() {
    return server.peerChain();
  }

  /** Why the handshake failed, if a reason is known. */
  public String failureReason() {
    return server.failure();
  }

  /** e.g. "TLS 1.3 TLS_AES_256_GCM_SHA384". */
  public String summary() {
    return server.negotiatedSummary();
  }

  public void close() {
    server.wipe();
    try {
      protocol.close();
    } catch (IOException ignored) {
      // closing an in-memory session cannot fail in a way that matters
    }
  }
}
