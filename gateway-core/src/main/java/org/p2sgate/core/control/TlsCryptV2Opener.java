package org.p2sgate.core.control;

/**
 * Opens the packets a tls-crypt-v2 client sends before the server knows its key: a {@code
 * P_CONTROL_HARD_RESET_CLIENT_V3} or {@code P_CONTROL_WKC_V1} is a tls-crypt packet under the
 * client's {@code Kc} followed by the client's WKc, whose last two bytes are its length (ssl_pkt.c
 * {@code read_control_auth}, tls_crypt.c {@code tls_crypt_v2_extract_client_key}). The WKc is
 * opened with the server key, then the packet with the {@code Kc} it held. Keeps no state: a
 * failure is only reported, for the caller to count.
 *
 * <p>One instance belongs to one thread (cached Mac and Cipher objects).
 */
public final class TlsCryptV2Opener {
  /** Why a packet did not open. */
  public enum Failure {
    /** The WKc length field does not fit the packet, or is outside 290..1024. */
    WKC_MALFORMED,
    /** The WKc does not authenticate: forged, or made for another server key. */
    WKC_AUTH_FAILED,
    /** The WKc opened but the packet does not authenticate under its {@code Kc}. */
    PACKET_AUTH_FAILED
  }

  /**
   * The outcome.
   *
   * @param failure why it failed, or {@code null}
   * @param packet the packet, without WKc and tls-crypt wrapping
   * @param wrap the client's tls-crypt wrap (server direction), for the session to keep or {@link
   *     ControlWrap#destroy()}
   * @param metadata the client key's metadata, or {@code null} if it has none
   */
  public record Opened(
      Failure failure, Unwrapped packet, TlsCryptWrap wrap, TlsCryptV2Metadata metadata) {
    static Opened failed(Failure f) {
      return new Opened(f, null, null, null);
    }
  }

  private final ClientKeyWrapping wrapping;

  public TlsCryptV2Opener(TlsCryptV2ServerKey serverKey) {
    this.wrapping = new ClientKeyWrapping(serverKey);
  }

  /** Opens {@code b[off, off+len)}. Never throws on peer input. */
  public Opened open(byte[] b, int off, int len) {
    int packetLen = withoutWkc(b, off, len);
    if (packetLen < 0) {
      return Opened.failed(Failure.WKC_MALFORMED);
    }
    ClientKeyWrapping.ClientKey key = wrapping.unwrap(b, off + packetLen, len - packetLen);
    if (key == null) {
      return Opened.failed(Failure.WKC_AUTH_FAILED);
    }
    TlsCryptWrap wrap = new TlsCryptWrap(key.kc());
    key.kc().erase();
    Unwrapped u = wrap.unwrap(b, off, packetLen);
    if (u == null) {
      wrap.destroy();
      return Opened.failed(Failure.PACKET_AUTH_FAILED);
    }
    return new Opened(null, u, wrap, key.metadata());
  }

  /**
   * The length of the packet in front of the WKc trailer of {@code b[off, off+len)}, or -1 if the
   * length field is not that of a WKc that fits behind at least a tls-crypt header.
   */
  public static int withoutWkc(byte[] b, int off, int len) {
    int wkc = ClientKeyWrapping.trailerLength(b, off, len);
    if (wkc < ClientKeyWrapping.MIN_WKC
        || wkc > ClientKeyWrapping.MAX_WKC
        || wkc > len - ControlWrap.HEADER) {
      return -1;
    }
    return len - wkc;
  }
}
