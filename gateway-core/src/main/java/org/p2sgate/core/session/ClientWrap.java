package org.p2sgate.core.session;

import org.p2sgate.core.control.ControlWrap;
import org.p2sgate.core.control.TlsCryptV2Metadata;

/**
 * How a session's control channel is wrapped: with the gateway's shared key, or with the client's
 * own tls-crypt-v2 key {@code Kc} (the session then owns the wrap and forgets it when it closes).
 *
 * @param wrap the wrap
 * @param metadata the tls-crypt-v2 client key's metadata, or {@code null}
 */
record ClientWrap(ControlWrap wrap, TlsCryptV2Metadata metadata) {
  static ClientWrap shared(GatewayContext ctx) {
    return new ClientWrap(ctx.wrap(), null);
  }
}
