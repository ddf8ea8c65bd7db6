package org.p2sgate.core.control;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A tls-crypt-v2 server key (OpenVPN's {@code --genkey tls-crypt-v2-server}): one {@code struct
 * key}, {@code cipher[64] || hmac[64]}, of which the wrapping of client keys uses {@code Ke =
 * cipher[0:32]} (AES-256-CTR) and {@code Ka = hmac[0:32]} (HMAC-SHA256). A value: the crypto that
 * uses it is {@link ClientKeyWrapping}.
 */
public final class TlsCryptV2ServerKey {
  /** {@code TLS_CRYPT_V2_SERVER_KEY_LEN}: {@code sizeof(struct key)}. */
  public static final int SIZE = 128;

  static final String LABEL = "OpenVPN tls-crypt-v2 server key";

  private final byte[] bytes;

  private TlsCryptV2ServerKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Parses a server key file's text.
   *
   * @throws IllegalArgumentException with a message that never contains key material
   */
  public static TlsCryptV2ServerKey parse(String text) {
    byte[] raw = OpenVpnPem.decode(LABEL, text);
    if (raw.length != SIZE) {
      Arrays.fill(raw, (byte) 0);
      throw new IllegalArgumentException(
          "a tls-crypt-v2 server key holds " + SIZE + " bytes, this one " + raw.length);
    }
    return new TlsCryptV2ServerKey(raw);
  }

  /** A new random server key. */
  public static TlsCryptV2ServerKey generate(SecureRandom random) {
    byte[] raw = new byte[SIZE];
    random.nextBytes(raw);
    return new TlsCryptV2ServerKey(raw);
  }

  /** The file text, as {@code openvpn --genkey tls-crypt-v2-server} writes it. */
  public String toPem() {
    return OpenVpnPem.encode(LABEL, bytes);
  }

  /** A copy of {@code Ke}, the AES-256-CTR key. */
  byte[] encryptionKey() {
    return Arrays.copyOfRange(bytes, 0, 32);
  }

  /** A copy of {@code Ka}, the HMAC-SHA256 key. */
  byte[] authenticationKey() {
    return Arrays.copyOfRange(bytes, 64, 96);
  }

  /** Whether both are the same key (constant time). */
  public boolean sameAs(TlsCryptV2ServerKey other) {
    return other != null && java.security.MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return "TlsCryptV2ServerKey[128 bytes]";
  }
}
