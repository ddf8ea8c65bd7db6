package org.p2sgate.core.session;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stateless UDP handshake cookie (wire doc 4.2): the server's session id for a client is the
 * first 8 bytes of {@code HMAC-SHA256(K, slot || peer || client sid)}; K is random per process. A
 * cookie is valid in its own slot and the two before it (60 to 90 s with hand-window 60).
 */
final class CookieJar {
  private final Mac mac;
  private final long slotMs;

  CookieJar(SecureRandom random, long handWindowMs) {
    byte[] k = new byte[32];
    random.nextBytes(k);
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(k, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    } finally {
      java.util.Arrays.fill(k, (byte) 0);
    }
    this.slotMs = Math.max(1000, (handWindowMs + 1000) / 2);
  }

  long cookie(Peer peer, long clientSid, long nowMs) {
    return compute(nowMs / slotMs, peer, clientSid);
  }

  boolean isValid(long cookie, Peer peer, long clientSid, long nowMs) {
    long slot = nowMs / slotMs;
    for (int back = 0; back <= 2; back++) {
      if (cookie != 0 && compute(slot - back, peer, clientSid) == cookie) {
        return true;
      }
    }
    return false;
  }

  private long compute(long slot, Peer peer, long clientSid) {
    mac.update(ByteBuffer.allocate(4).putInt((int) slot).array());
    mac.update(peer.cookieBytes());
    mac.update(ByteBuffer.allocate(8).putLong(clientSid).array());
    long v = ByteBuffer.wrap(mac.doFinal()).getLong();
    return v == 0 ? 1 : v; // an all-zero session id means "undefined"
  }
}
