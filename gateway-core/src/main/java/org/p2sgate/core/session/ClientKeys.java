package org.p2sgate.core.session;

import org.p2sgate.core.config.TlsCryptV2Config;
import org.p2sgate.core.control.ControlWrap;
import org.p2sgate.core.control.TlsCryptV2Metadata;
import org.p2sgate.core.control.TlsCryptV2Opener;
import org.p2sgate.core.control.Unwrapped;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.wire.Opcode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session table's side of tls-crypt-v2 (decision 27): opens a client's V3 reset or {@code
 * P_CONTROL_WKC_V1} with the server key, applies the client-key policy before any TLS, and counts
 * every failure. Keeps nothing per client: a packet that opens yields a wrap that the caller hands
 * to a new session or forgets.
 */
final class ClientKeys {
  private static final Logger log = LoggerFactory.getLogger(ClientKeys.class);

  /** At most one log line per this many ms for refused keys (the drops are all counted). */
  static final long REFUSAL_LOG_EVERY_MS = 1_000;

  /** {@code null} without tls-crypt-v2. */
  private final TlsCryptV2Opener opener;

  private long refusalLoggedAt = Long.MIN_VALUE;

  /** A packet that opened: the client's own wrap and metadata, and the packet. */
  record Opened(ClientWrap wrap, Unwrapped packet) {}

  ClientKeys(TlsCryptV2Config config) {
    this.opener = config == null ? null : new TlsCryptV2Opener(config.serverKey());
  }

  /**
   * Opens a V3 reset or WKC_V1 from {@code peer} and checks its key against the policy of {@code
   * ctx}'s configuration.
   *
   * @return the opened packet, or {@code null} (counted)
   */
  Opened open(GatewayContext ctx, Peer peer, byte[] buf, int off, int len, long now) {
    TlsCryptV2Config policy = ctx.config().tlsWrap().v2();
    if (opener == null || policy == null) {
      ctx.drops().count(DropReason.TLS_CRYPT_V2_NOT_CONFIGURED);
      return null;
    }
    TlsCryptV2Opener.Opened o = opener.open(buf, off, len);
    if (o.failure() != null) {
      ctx.drops()
          .count(
              switch (o.failure()) {
                case WKC_MALFORMED -> DropReason.WKC_MALFORMED;
                case WKC_AUTH_FAILED -> DropReason.WKC_AUTH_FAILED;
                case PACKET_AUTH_FAILED -> DropReason.WRAP_AUTH_FAILED;
              });
      return null;
    }
    String refusal = policy.refusal(o.metadata(), now / 1000);
    if (refusal != null) {
      o.wrap().destroy();
      ctx.drops().count(DropReason.TLS_CRYPT_V2_REVOKED);
      if (now - refusalLoggedAt >= REFUSAL_LOG_EVERY_MS || refusalLoggedAt == Long.MIN_VALUE) {
        refusalLoggedAt = now;
        log.info(
            "tls-crypt-v2 client key from {} refused before TLS: {} (metadata {})",
            peer.describe(),
            refusal,
            o.metadata());
      }
      return null;
    }
    return new Opened(new ClientWrap(o.wrap(), o.metadata()), o.packet());
  }

  /**
   * Why the policy of {@code ctx}'s configuration now refuses a live session's client key with
   * {@code metadata} ({@code null}: a session without tls-crypt-v2), or {@code null}.
   */
  static String refusal(GatewayContext ctx, TlsCryptV2Metadata metadata, long now) {
    TlsCryptV2Config policy = ctx.config().tlsWrap().v2();
    return metadata == null || policy == null ? null : policy.refusal(metadata, now / 1000);
  }

  /**
   * Opens a packet of a tls-crypt-v2 client's session with its own wrap; the WKc a {@code
   * P_CONTROL_WKC_V1} carries again is ignored (the reference does the same once it has the key).
   *
   * @return the packet, or {@code null} if it does not open with this wrap
   */
  static Unwrapped openForSession(ControlWrap wrap, Opcode op, byte[] buf, int off, int len) {
    int n = op == Opcode.CONTROL_WKC_V1 ? TlsCryptV2Opener.withoutWkc(buf, off, len) : len;
    return n < 0 ? null : wrap.unwrap(buf, off, n);
  }

  /** Why a packet that the shared wrap did not open is dropped. */
  static DropReason sharedWrapFailure(GatewayContext ctx, Opcode op, int len) {
    if (len < 10) {
      return DropReason.TOO_SHORT;
    }
    boolean reset =
        op == Opcode.CONTROL_HARD_RESET_CLIENT_V2 || op == Opcode.CONTROL_HARD_RESET_CLIENT_V1;
    return reset && ctx.config().tlsWrap().v2Only()
        ? DropReason.TLS_CRYPT_V2_REQUIRED
        : DropReason.WRAP_AUTH_FAILED;
  }
}
