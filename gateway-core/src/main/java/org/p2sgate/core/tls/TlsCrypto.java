package org.p2sgate.core.tls;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.Signature;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The one bctls crypto every TLS session of the gateway uses: the JDK's providers (SunEC, SunJCE:
 * the fast, intrinsic-backed ones) for everything they have, and BouncyCastle's provider for the
 * signature names bctls asks for that the JDK does not know.
 *
 * <p>Why: bctls names RSASSA-PSS signatures {@code SHA256WITHRSAANDMGF1} / {@code
 * SHA256WITHRSASSA-PSS}, which no JDK provider registers. With the JDK providers alone, every
 * handshake with an RSA server key (TLS 1.3 always signs with PSS, and OpenSSL clients prefer it in
 * 1.2) or an RSA client certificate failed with {@code internal_error(80)}.
 */
public final class TlsCrypto {
  private static final JcaTlsCrypto INSTANCE = create(new SecureRandom());

  private TlsCrypto() {}

  /** The shared crypto (thread safe: bctls creates per-operation objects from it). */
  public static JcaTlsCrypto shared() {
    return INSTANCE;
  }

  /** A crypto with its own randomness (tests give a seeded one). */
  public static JcaTlsCrypto create(SecureRandom random) {
    return new JcaTlsCrypto(new JdkThenBc(), random, random) {};
  }

  /** Looks a signature up in the JDK's providers first, then in BouncyCastle's. */
  private static final class JdkThenBc extends DefaultJcaJceHelper {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    @Override
    public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
      try {
        return super.createSignature(algorithm);
      } catch (NoSuchAlgorithmException e) {
        return Signature.getInstance(algorithm, BC);
      }
    }
  }
}
