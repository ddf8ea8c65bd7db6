package org.p2sgate.core.control;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps and unwraps tls-crypt-v2 client keys with a server key (tls_crypt.c, {@code
 * tls_crypt_v2_wrap_client_key} / {@code _unwrap_client_key}):
 *
 * <pre>
 *   len = len(WKc), 16 bits, network order
 *   T   = HMAC-SHA256(Ka, len || Kc || metadata)
 *   WKc = T || AES-256-CTR(Ke, IV = T[0:16], Kc || metadata) || len
 * </pre>
 *
 * Holds cached {@code Mac}/{@code Cipher} objects: one instance belongs to one thread.
 */
public final class ClientKeyWrapping {
  /** {@code TLS_CRYPT_V2_MAX_WKC_LEN}. */
  public static final int MAX_WKC = 1024;

  /** {@code TLS_CRYPT_V2_CLIENT_KEY_LEN}: Kc is two {@code struct key}s, 2048 bits. */
  public static final int CLIENT_KEY = 256;

  static final int TAG = 32;

  /** The smallest WKc: tag, Kc and the length field (no metadata). */
  public static final int MIN_WKC = TAG + CLIENT_KEY + 2;

  private final Mac mac;
  private final Cipher ctr;
  private final SecretKeySpec ke;

  /**
   * An unwrapped client key.
   *
   * @param kc the client key {@code Kc}, in the server's view (as a tls-crypt key)
   * @param metadata what was wrapped with it; {@code null} if nothing
   */
  public record ClientKey(StaticKey kc, TlsCryptV2Metadata metadata) {
    @Override
    public String toString() {
      return "ClientKey[" + metadata + "]";
    }
  }

  public ClientKeyWrapping(TlsCryptV2ServerKey key) {
    byte[] ka = key.authenticationKey();
    byte[] e = key.encryptionKey();
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(ka, "HmacSHA256"));
      ke = new SecretKeySpec(e, "AES");
      ctr = Cipher.getInstance("AES/CTR/NoPadding");
    } catch (GeneralSecurityException ex) {
      throw new IllegalStateException("AES-CTR/HMAC-SHA256 unavailable", ex);
    } finally {
      Arrays.fill(ka, (byte) 0);
      Arrays.fill(e, (byte) 0);
    }
  }

  /**
   * WKc for {@code kc} (256 bytes) and {@code metadata}.
   *
   * @throws IllegalArgumentException if {@code kc} is not 256 bytes
   */
  public byte[] wrap(byte[] kc, TlsCryptV2Metadata metadata) {
    if (kc.length != CLIENT_KEY) {
      throw new IllegalArgumentException("a tls-crypt-v2 client key is 256 bytes");
    }
    byte[] md = metadata.toWire();
    int total = TAG + CLIENT_KEY + md.length + 2;
    byte[] plain = new byte[CLIENT_KEY + md.length];
    System.arraycopy(kc, 0, plain, 0, CLIENT_KEY);
    System.arraycopy(md, 0, plain, CLIENT_KEY, md.length);
    byte[] len = {(byte) (total >>> 8), (byte) total};
    mac.update(len);
    mac.update(plain);
    byte[] tag = mac.doFinal();
    byte[] out = new byte[total];
    System.arraycopy(tag, 0, out, 0, TAG);
    try {
      ctr.init(Cipher.ENCRYPT_MODE, ke, new IvParameterSpec(tag, 0, 16));
      ctr.doFinal(plain, 0, plain.length, out, TAG);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-CTR failed", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    out[total - 2] = len[0];
    out[total - 1] = len[1];
    return out;
  }

  /**
   * Authenticates and decrypts the WKc at {@code b[off, off+len)}. Never throws on peer input.
   *
   * @return the client key and metadata, or {@code null} if the length field does not match, the
   *     WKc is shorter than a client key or longer than {@link #MAX_WKC}, or the tag is wrong (a
   *     forgery, or a key of another server key)
   */
  public ClientKey unwrap(byte[] b, int off, int len) {
    if (len < MIN_WKC || len > MAX_WKC || trailerLength(b, off, len) != len) {
      return null;
    }
    byte[] plain;
    try {
      ctr.init(Cipher.DECRYPT_MODE, ke, new IvParameterSpec(b, off, 16));
      plain = ctr.doFinal(b, off + TAG, len - TAG - 2);
    } catch (GeneralSecurityException e) {
      return null;
    }
    try {
      mac.update(b, off + len - 2, 2);
      mac.update(plain);
      byte[] tag = mac.doFinal();
      if (!MessageDigest.isEqual(tag, Arrays.copyOfRange(b, off, off + TAG))) {
        return null;
      }
      byte[] raw = Arrays.copyOf(plain, CLIENT_KEY);
      StaticKey kc = StaticKey.of(raw);
      Arrays.fill(raw, (byte) 0);
      TlsCryptV2Metadata md =
          TlsCryptV2Metadata.ofWire(plain, CLIENT_KEY, plain.length - CLIENT_KEY);
      return new ClientKey(kc, md);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /** The WKc length field: the last two bytes of {@code b[off, off+len)}, or -1 if too short. */
  public static int trailerLength(byte[] b, int off, int len) {
    if (len < 2) {
      return -1;
    }
    return ByteBuffer.wrap(b, off + len - 2, 2).getShort() & 0xffff;
  }
}
