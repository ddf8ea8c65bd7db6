package org.p2sgate.core.control;

import org.p2sgate.core.config.TlsWrapConfig;

/** Builds the {@link ControlWrap} for a configuration: the server's, or its clients' mirror. */
public final class ControlWraps {
  private ControlWraps() {}

  public static ControlWrap forServer(TlsWrapConfig config) {
    return switch (config.mode()) {
      case NONE -> config.v2() != null ? new TlsCryptV2OnlyWrap() : new PlainWrap();
      case TLS_AUTH -> new TlsAuthWrap(config.key(), config.keyDirection(), config.authDigest());
      case TLS_CRYPT -> new TlsCryptWrap(config.key());
    };
  }

  /**
   * What a client of a server with {@code config} wraps with: tls-auth in the other direction,
   * tls-crypt with the key's halves swapped (the server's start-up warm-up talks to itself); where
   * only tls-crypt-v2 is served, a throwaway client key made with the server key.
   */
  public static ControlWrap forClient(TlsWrapConfig config) {
    return switch (config.mode()) {
      case NONE ->
          config.v2() != null
              ? new TlsCryptV2ClientWrap(
                  TlsCryptV2ClientKey.generate(
                      new ClientKeyWrapping(config.v2().serverKey()),
                      TlsCryptV2Metadata.user("p2sgate warm-up"),
                      new java.security.SecureRandom()))
              : new PlainWrap();
      case TLS_AUTH ->
          new TlsAuthWrap(
              config.key(),
              config.keyDirection() < 0 ? -1 : 1 - config.keyDirection(),
              config.authDigest());
      case TLS_CRYPT -> new TlsCryptWrap(swapHalves(config.key()));
    };
  }

  /** The client's view of a tls-crypt key: it sends with keys[1] and receives with keys[0]. */
  public static StaticKey swapHalves(StaticKey key) {
    byte[] k = key.bytes();
    byte[] s = new byte[StaticKey.SIZE];
    System.arraycopy(k, 128, s, 0, 128);
    System.arraycopy(k, 0, s, 128, 128);
    java.util.Arrays.fill(k, (byte) 0);
    StaticKey swapped = StaticKey.of(s);
    java.util.Arrays.fill(s, (byte) 0);
    return swapped;
  }
}
