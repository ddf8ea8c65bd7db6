package org.p2sgate.core.session;

import java.security.cert.X509Certificate;
import java.util.List;
import org.p2sgate.core.observe.LogText;

/**
 * What the client showed before any login decision: the certificate chain and its name from the TLS
 * handshake, the username of its key-method-2 message and, from the login on, what a later
 * renegotiation must show again. Replaced, never edited: a renegotiation's handshake brings the
 * chain it validated ({@link #withChain}).
 *
 * <p>{@link #token} is a secret and {@link #proof} holds a keyed hash of one: {@link #toString}
 * leaves both out.
 *
 * @param commonName the client certificate's name, or {@code null} without a certificate
 * @param certificateChain the verified chain, leaf first (empty before the handshake or without a
 *     certificate)
 * @param username the key-method-2 username ({@code ""} when none was sent)
 * @param token the password the client logged in with if it is an auth-token, kept only to push it
 *     back; otherwise {@code null}
 * @param proof for a session without a certificate, what a renegotiation must show again ({@link
 *     LoginProof}); otherwise {@code null}
 */
record Presented(
    String commonName,
    List<X509Certificate> certificateChain,
    String username,
    String token,
    LoginProof proof) {

  /** Nothing shown yet. */
  static final Presented NONE = new Presented(null, List.of(), "", null, null);

  Presented {
    certificateChain = List.copyOf(certificateChain);
  }

  /** What the first key-method-2 message and its handshake showed. */
  static Presented handshake(String commonName, X509Certificate[] chain, String username) {
    return new Presented(commonName, List.of(chain), username, null, null);
  }

  /** The same, with what the login keeps of the password. */
  Presented withSecrets(String token, LoginProof proof) {
    return new Presented(commonName, certificateChain, username, token, proof);
  }

  /** The same, with the chain a renegotiation's handshake validated. */
  Presented withChain(X509Certificate[] chain) {
    return new Presented(commonName, List.of(chain), username, token, proof);
  }

  @Override
  public String toString() {
    return "Presented[commonName="
        + LogText.printable(commonName)
        + ", chain="
        + certificateChain.size()
        + " certificate(s), username="
        + LogText.printable(username)
        + "]";
  }
}
