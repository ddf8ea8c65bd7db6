package org.p2sgate.core.control;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * tls-auth (wire doc 3.3): {@code op || sid || HMAC || pid || time || body}, where the HMAC covers
 * {@code pid || time || op || sid || body}.
 */
public final class TlsAuthWrap implements ControlWrap {
  private final Mac outMac;
  private final Mac inMac;
  private final int hmacLen;

  /**
   * @param key the static key
   * @param direction 0 or 1 as in {@code tls-auth ta.key N}, or -1 for bidirectional
   * @param digest "SHA1", "SHA256" or "SHA512"
   */
  public TlsAuthWrap(StaticKey key, int direction, String digest) {
    String alg = "Hmac" + digest.toUpperCase(Locale.ROOT).replace("-", "");
    try {
      outMac = Mac.getInstance(alg);
      inMac = Mac.getInstance(alg);
      hmacLen = outMac.getMacLength();
      // keys[0].hmac at 64, keys[1].hmac at 192; direction 0 sends with keys[0]
      int outOff = direction == 1 ? 192 : 64;
      int inOff = direction == 0 ? 192 : 64;
      byte[] o = key.slice(outOff, hmacLen);
      byte[] i = key.slice(inOff, hmacLen);
      outMac.init(new SecretKeySpec(o, alg));
      inMac.init(new SecretKeySpec(i, alg));
      Arrays.fill(o, (byte) 0);
      Arrays.fill(i, (byte) 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unsupported tls-auth digest " + digest, e);
    }
  }

  @Override
  public int wireOverhead() {
    return hmacLen + 8;
  }

  @Override
  public boolean hasReplayId() {
    return true;
  }

  @Override
  public byte[] wrap(int firstByte, long sessionId, long replayPid, long replayTime, byte[] body) {
    byte[] hmac =
        mac(outMac, firstByte, sessionId, (int) replayPid, (int) replayTime, body, 0, body.length);
    ByteBuffer bb = ByteBuffer.allocate(HEADER + hmacLen + 8 + body.length);
    bb.put((byte) firstByte).putLong(sessionId).put(hmac);
    bb.putInt((int) replayPid).putInt((int) replayTime).put(body);
    return bb.array();
  }

  @Override
  public Unwrapped unwrap(byte[] packet, int off, int len) {
    int bodyOff = HEADER + hmacLen + 8;
    if (len < bodyOff + 1) {
      return null;
    }
    ByteBuffer bb = ByteBuffer.wrap(packet, off, len);
    int first = bb.get() & 0xff;
    long sid = bb.getLong();
    bb.position(bb.position() + hmacLen);
    int pid = bb.getInt();
    int time = bb.getInt();
    byte[] expected = mac(inMac, first, sid, pid, time, packet, off + bodyOff, len - bodyOff);
    byte[] got = Arrays.copyOfRange(packet, off + HEADER, off + HEADER + hmacLen);
    if (!MessageDigest.isEqual(expected, got)) {
      return null;
    }
    byte[] body = Arrays.copyOfRange(packet, off + bodyOff, off + len);
    return new Unwrapped(first, sid, pid & 0xffffffffL, time & 0xffffffffL, body);
  }

  private static byte[] mac(
      Mac mac, int first, long sid, int pid, int time, byte[] body, int off, int len) {
    ByteBuffer head = ByteBuffer.allocate(17);
    head.putInt(pid).putInt(time).put((byte) first).putLong(sid);
    mac.update(head.array());
    mac.update(body, off, len);
    return mac.doFinal();
  }
}
