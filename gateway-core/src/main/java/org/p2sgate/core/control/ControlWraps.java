package org.p2sgate.core.control;

import org.p2sgate.core.config.TlsWrapConfig;

/** Builds the server-side {@link ControlWrap} for a configuration. */
public final class ControlWraps {
  private ControlWraps() {}

  public static ControlWrap forServer(TlsWrapConfig config) {
    return switch (config.mode()) {
      case NONE -> new PlainWrap();
      case TLS_AUTH -> new TlsAuthWrap(config.key(), config.keyDirection(), config.authDigest());
      case TLS_CRYPT -> new TlsCryptWrap(config.key());
    };
  }
}
