package org.p2sgate.core.control;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import org.p2sgate.core.crypto.RawKey;

/**
 * tls-crypt (wire doc 3.4): {@code op || sid || pid || time || tag[32] || AES-256-CTR(body)}, with
 * {@code tag = HMAC-SHA256(op || sid || pid || time || body)} and IV = tag[0:16].
 *
 * <p>The server sends with {@code Ke = key[0:32], Ka = key[64:96]} and receives with {@code Ke =
 * key[128:160], Ka = key[192:224]}. Also used, with a derived key, for dynamic tls-crypt.
 */
public final class TlsCryptWrap implements ControlWrap {
  private static final int TAG = 32;
  private final Mac outMac;
  private final Mac inMac;
  private final RawKey outKey;
  private final RawKey inKey;
  private final RawKey outAuth;
  private final RawKey inAuth;
  private final Cipher ctr;

  public TlsCryptWrap(StaticKey key) {
    try {
      outMac = Mac.getInstance("HmacSHA256");
      inMac = Mac.getInstance("HmacSHA256");
      outAuth = rawKey("HmacSHA256", key, 64);
      inAuth = rawKey("HmacSHA256", key, 192);
      outMac.init(outAuth);
      inMac.init(inAuth);
      outKey = rawKey("AES", key, 0);
      inKey = rawKey("AES", key, 128);
      ctr = Cipher.getInstance("AES/CTR/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR/HMAC-SHA256 unavailable", e);
    }
  }

  private static RawKey rawKey(String algorithm, StaticKey key, int offset) {
    byte[] k = key.slice(offset, 32);
    RawKey raw = new RawKey(algorithm, k);
    Arrays.fill(k, (byte) 0);
    return raw;
  }

  /**
   * Forgets the keys (a tls-crypt-v2 client's {@code Kc} when its session ends): zeroes the copies
   * held here and re-keys the cached Mac and Cipher objects with zeros, so the provider overwrites
   * its own copies. The wrap must not be used afterwards.
   */
  public void destroy() {
    byte[] zero = new byte[32];
    try {
      outMac.init(new RawKey("HmacSHA256", zero));
      inMac.init(new RawKey("HmacSHA256", zero));
      ctr.init(Cipher.ENCRYPT_MODE, new RawKey("AES", zero), new IvParameterSpec(new byte[16]));
    } catch (GeneralSecurityException e) {
      // best effort: the key copies this class owns are zeroed below
    }
    outKey.destroy();
    inKey.destroy();
    outAuth.destroy();
    inAuth.destroy();
  }

  @Override
  public int wireOverhead() {
    return 8 + TAG;
  }

  @Override
  public int budgetOverhead() {
    return 8 + TAG + 16; // the reference also reserves one cipher block
  }

  @Override
  public boolean hasReplayId() {
    return true;
  }

  @Override
  public byte[] wrap(int firstByte, long sessionId, long replayPid, long replayTime, byte[] body) {
    byte[] out = new byte[HEADER + 8 + TAG + body.length];
    ByteBuffer bb = ByteBuffer.wrap(out);
    bb.put((byte) firstByte).putLong(sessionId).putInt((int) replayPid).putInt((int) replayTime);
    outMac.update(out, 0, HEADER + 8);
    outMac.update(body);
    byte[] tag = outMac.doFinal();
    bb.put(tag);
    try {
      ctr.init(Cipher.ENCRYPT_MODE, outKey, new IvParameterSpec(tag, 0, 16));
      ctr.doFinal(body, 0, body.length, out, HEADER + 8 + TAG);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR failed", e);
    }
    return out;
  }

  @Override
  public Unwrapped unwrap(byte[] packet, int off, int len) {
    int ctOff = HEADER + 8 + TAG;
    if (len < ctOff + 1) {
      return null;
    }
    byte[] body;
    try {
      ctr.init(Cipher.DECRYPT_MODE, inKey, new IvParameterSpec(packet, off + HEADER + 8, 16));
      body = ctr.doFinal(packet, off + ctOff, len - ctOff);
    } catch (GeneralSecurityException e) {
      return null;
    }
    inMac.update(packet, off, HEADER + 8);
    inMac.update(body);
    byte[] tag = inMac.doFinal();
    if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(packet, off + HEADER + 8, off + ctOff))) {
      return null;
    }
    ByteBuffer bb = ByteBuffer.wrap(packet, off, HEADER + 8);
    int first = bb.get() & 0xff;
    long sid = bb.getLong();
    long pid = bb.getInt() & 0xffffffffL;
    long time = bb.getInt() & 0xffffffffL;
    return new Unwrapped(first, sid, pid, time, body);
  }
}
