package org.p2sgate.core.control;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A tls-crypt-v2 client key file ({@code openvpn --genkey tls-crypt-v2-client}): {@code Kc || WKc}
 * in PEM. The client wraps its control channel with {@code Kc} (as tls-crypt, in the client's
 * direction) and sends WKc, which only the server can open, to tell the server its {@code Kc}.
 */
public final class TlsCryptV2ClientKey {
  static final String LABEL = "OpenVPN tls-crypt-v2 client key";

  private final byte[] kc;
  private final byte[] wkc;

  private TlsCryptV2ClientKey(byte[] kc, byte[] wkc) {
    this.kc = kc;
    this.wkc = wkc;
  }

  /**
   * Makes a client key for {@code metadata}, wrapped with the server key behind {@code wrapping}.
   */
  public static TlsCryptV2ClientKey generate(
      ClientKeyWrapping wrapping, TlsCryptV2Metadata metadata, SecureRandom random) {
    byte[] kc = new byte[ClientKeyWrapping.CLIENT_KEY];
    random.nextBytes(kc);
    return new TlsCryptV2ClientKey(kc, wrapping.wrap(kc, metadata));
  }

  /**
   * Parses a client key file's text.
   *
   * @throws IllegalArgumentException with a message that never contains key material
   */
  public static TlsCryptV2ClientKey parse(String text) {
    byte[] raw = OpenVpnPem.decode(LABEL, text);
    try {
      int n = raw.length - ClientKeyWrapping.CLIENT_KEY;
      if (n < ClientKeyWrapping.MIN_WKC
          || n > ClientKeyWrapping.MAX_WKC
          || ClientKeyWrapping.trailerLength(raw, ClientKeyWrapping.CLIENT_KEY, n) != n) {
        throw new IllegalArgumentException(
            "not a tls-crypt-v2 client key: " + raw.length + " bytes without a valid wrapped key");
      }
      return new TlsCryptV2ClientKey(
          Arrays.copyOf(raw, ClientKeyWrapping.CLIENT_KEY),
          Arrays.copyOfRange(raw, ClientKeyWrapping.CLIENT_KEY, raw.length));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** The file text, as {@code openvpn --genkey tls-crypt-v2-client} writes it. */
  public String toPem() {
    byte[] all = new byte[kc.length + wkc.length];
    System.arraycopy(kc, 0, all, 0, kc.length);
    System.arraycopy(wkc, 0, all, kc.length, wkc.length);
    String pem = OpenVpnPem.encode(LABEL, all);
    Arrays.fill(all, (byte) 0);
    return pem;
  }

  /** {@code Kc} as the server sees it (the client's view has the halves swapped). */
  public StaticKey serverView() {
    return StaticKey.of(kc);
  }

  /** The wrapped client key, as appended to the client's V3 reset (a copy). */
  public byte[] wrapped() {
    return wkc.clone();
  }

  @Override
  public String toString() {
    return "TlsCryptV2ClientKey[" + wkc.length + " byte WKc]";
  }
}
