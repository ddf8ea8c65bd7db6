package org.p2sgate.auth.radius;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * The MS-CHAPv2 computations of RFC 2759 section 8 (NT-Response, Authenticator-Response), checked
 * against the section 9.2 test vectors. aaa4j encodes attributes but does not compute these.
 */
public final class MsChapV2 {
  private static final byte[] MAGIC1 =
      "Magic server to client signing constant".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAGIC2 =
      "Pad to make it do more than one iteration".getBytes(StandardCharsets.US_ASCII);

  private MsChapV2() {}

  /** RFC 2759 8.2 ChallengeHash: first 8 bytes of SHA1(PeerChallenge | AuthChallenge | user). */
  public static byte[] challengeHash(byte[] peerChallenge, byte[] authChallenge, String username) {
    MessageDigest sha1 = sha1();
    sha1.update(peerChallenge);
    sha1.update(authChallenge);
    sha1.update(username.getBytes(StandardCharsets.US_ASCII));
    byte[] hash = new byte[8];
    System.arraycopy(sha1.digest(), 0, hash, 0, 8);
    return hash;
  }

  /** RFC 2759 8.3 NtPasswordHash: MD4 of the UTF-16LE (Unicode) password. */
  public static byte[] ntPasswordHash(String password) {
    byte[] unicode = password.getBytes(StandardCharsets.UTF_16LE);
    MD4Digest md4 = new MD4Digest();
    md4.update(unicode, 0, unicode.length);
    byte[] out = new byte[16];
    md4.doFinal(out, 0);
    return out;
  }

  /** RFC 2759 8.1 GenerateNTResponse: the 24-byte NT-Response. */
  public static byte[] generateNtResponse(
      byte[] authChallenge, byte[] peerChallenge, String username, String password) {
    byte[] challenge = challengeHash(peerChallenge, authChallenge, username);
    byte[] zHash = new byte[21];
    System.arraycopy(ntPasswordHash(password), 0, zHash, 0, 16);
    byte[] response = new byte[24];
    for (int i = 0; i < 3; i++) {
      byte[] block = desEncrypt(challenge, zHash, i * 7);
      System.arraycopy(block, 0, response, i * 8, 8);
    }
    return response;
  }

  /** RFC 2759 8.7 GenerateAuthenticatorResponse: "S=" followed by 40 upper-case hex digits. */
  public static String generateAuthenticatorResponse(
      String password,
      byte[] ntResponse,
      byte[] peerChallenge,
      byte[] authChallenge,
      String username) {
    byte[] hashHash = md4(ntPasswordHash(password));
    MessageDigest sha1 = sha1();
    sha1.update(hashHash);
    sha1.update(ntResponse);
    sha1.update(MAGIC1);
    byte[] digest = sha1.digest();
    sha1.update(digest);
    sha1.update(challengeHash(peerChallenge, authChallenge, username));
    sha1.update(MAGIC2);
    return "S=" + HexFormat.of().withUpperCase().formatHex(sha1.digest());
  }

  private static byte[] md4(byte[] in) {
    MD4Digest md4 = new MD4Digest();
    md4.update(in, 0, in.length);
    byte[] out = new byte[16];
    md4.doFinal(out, 0);
    return out;
  }

  /** DES-encrypts 8 bytes with the 7-byte key at {@code key[offset..offset+7)} (RFC 2759 8.6). */
  private static byte[] desEncrypt(byte[] clear, byte[] key, int offset) {
    byte[] k = new byte[8];
    long bits = 0;
    for (int i = 0; i < 7; i++) {
      bits = (bits << 8) | (key[offset + i] & 0xff);
    }
    for (int i = 0; i < 8; i++) {
      int seven = (int) (bits >>> (49 - 7 * i)) & 0x7f;
      k[i] = (byte) (seven << 1); // parity bit left clear: the JCE ignores it
    }
    try {
      Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
      des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "DES"));
      return des.doFinal(clear);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("DES is not available", e);
    }
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-1 is not available", e);
    }
  }
}
