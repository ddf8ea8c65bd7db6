package org.p2sgate.core.config;

import java.util.Objects;
import org.p2sgate.core.control.StaticKey;

/**
 * Control-channel wrapping as configured.
 *
 * @param mode none, tls-auth or tls-crypt
 * @param key the 256-byte OpenVPN static key ({@code null} for {@link Mode#NONE})
 * @param keyDirection tls-auth key direction: 0, 1, or -1 for bidirectional
 * @param authDigest tls-auth HMAC digest name as OpenVPN spells it ("SHA1", "SHA256", "SHA512")
 * @param v2 tls-crypt-v2, or {@code null}; with {@link Mode#NONE} only tls-crypt-v2 clients are
 *     served, with tls-crypt or tls-auth both kinds of client (as OpenVPN allows)
 */
public record TlsWrapConfig(
    Mode mode, StaticKey key, int keyDirection, String authDigest, TlsCryptV2Config v2) {

  /** The shared-key wrapping modes; tls-crypt-v2 ({@link #v2()}) comes beside them. */
  public enum Mode {
    NONE,
    TLS_AUTH,
    TLS_CRYPT
  }

  public static final TlsWrapConfig NONE = new TlsWrapConfig(Mode.NONE, null, -1, "SHA1");

  /** Without tls-crypt-v2. */
  public TlsWrapConfig(Mode mode, StaticKey key, int keyDirection, String authDigest) {
    this(mode, key, keyDirection, authDigest, null);
  }

  /** Whether clients without a tls-crypt-v2 key are refused (no shared wrap beside it). */
  public boolean v2Only() {
    return v2 != null && mode == Mode.NONE;
  }

  public TlsWrapConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(authDigest, "authDigest");
    if (mode != Mode.NONE && key == null) {
      throw new IllegalArgumentException(mode + " needs a static key");
    }
    if (keyDirection < -1 || keyDirection > 1) {
      throw new IllegalArgumentException("key-direction must be 0 or 1, got " + keyDirection);
    }
  }

  @Override
  public String toString() {
    return "TlsWrapConfig[mode="
        + mode
        + ", keyDirection="
        + keyDirection
        + ", auth="
        + authDigest
        + (v2 == null ? "" : ", " + v2)
        + "]";
  }
}
