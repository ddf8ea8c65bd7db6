package org.p2sgate.core.keyexchange;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * Data-channel key derivation (wire doc 6): the RFC 5705 exporter ("tls-ekm") when the client
 * offers it, else OpenVPN's legacy PRF (the TLS 1.0 MD5+SHA1 PRF, taken from bctls).
 */
public final class KeyDerivation {
  /** {@code EXPORT_KEY_DATA_LABEL} in ssl_backend.h. */
  public static final String EKM_LABEL = org.p2sgate.core.tls.TlsServerDriver.DATAKEYS_LABEL;

  /** {@code KEY_EXPANSION_ID} in ssl.h, with the two PRF labels of ssl.c. */
  static final String MASTER_LABEL = "OpenVPN master secret";

  static final String EXPANSION_LABEL = "OpenVPN key expansion";

  private static final JcaTlsCrypto CRYPTO =
      (JcaTlsCrypto) new JcaTlsCryptoProvider().create(new SecureRandom());

  private KeyDerivation() {}

  /**
   * The legacy PRF path (6.2).
   *
   * @param clientSid the client's control-channel session id
   * @param serverSid the server's control-channel session id
   */
  public static Key2 prf(
      byte[] preMaster,
      byte[] clientRandom1,
      byte[] serverRandom1,
      byte[] clientRandom2,
      byte[] serverRandom2,
      long clientSid,
      long serverSid) {
    byte[] seed1 = concat(clientRandom1, serverRandom1);
    TlsSecret pre = CRYPTO.createSecret(preMaster.clone());
    TlsSecret master = pre.deriveUsingPRF(PRFAlgorithm.tls_prf_legacy, MASTER_LABEL, seed1, 48);
    ByteBuffer seed2 = ByteBuffer.allocate(80);
    seed2.put(clientRandom2).put(serverRandom2).putLong(clientSid).putLong(serverSid);
    TlsSecret key =
        master.deriveUsingPRF(PRFAlgorithm.tls_prf_legacy, EXPANSION_LABEL, seed2.array(), 256);
    master.destroy();
    return new Key2(key.extract());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
