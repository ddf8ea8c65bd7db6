package org.p2sgate.auth.radius;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
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

  /**
   * RFC 2759 8.3 NtPasswordHash: MD4 of the UTF-16LE (Unicode) password. The hash is as good as the
   * password to an attacker: the caller zeroes it when done.
   */
  public static byte[] ntPasswordHash(String password) {
    byte[] unicode = password.getBytes(StandardCharsets.UTF_16LE);
    try {
      return md4(unicode);
    } finally {
      Arrays.fill(unicode, (byte) 0);
    }
  }

  /** RFC 2759 8.4 HashNtPasswordHash: MD4 of the NtPasswordHash. */
  public static byte[] hashNtPasswordHash(String password) {
    byte[] hash = ntPasswordHash(password);
    try {
      return md4(hash);
    } finally {
      Arrays.fill(hash, (byte) 0);
    }
  }

  /** RFC 2759 8.1 GenerateNTResponse: the 24-byte NT-Response. */
  public static byte[] generateNtResponse(
      byte[] authChallenge, byte[] peerChallenge, String username, String password) {
    byte[] challenge = challengeHash(peerChallenge, authChallenge, username);
    byte[] hash = ntPasswordHash(password);
    byte[] zHash = new byte[21];
    try {
      System.arraycopy(hash, 0, zHash, 0, 16);
      byte[] response = new byte[24];
      for (int i = 0; i < 3; i++) {
        byte[] block = desEncrypt(challenge, zHash, i * 7);
        System.arraycopy(block, 0, response, i * 8, 8);
      }
      return response;
    } finally {
      Arrays.fill(hash, (byte) 0);
      Arrays.fill(zHash, (byte) 0);
    }
  }

  /** RFC 2759 8.7 GenerateAuthenticatorResponse: "S=" followed by 40 upper-case hex digits. */
  public static String generateAuthenticatorResponse(
      String password,
      byte[] ntResponse,
      byte[] peerChallenge,
      byte[] authChallenge,
      String username) {
    byte[] hashHash = hashNtPasswordHash(password);
    try {
      return generateAuthenticatorResponse(
          hashHash, ntResponse, peerChallenge, authChallenge, username);
    } finally {
      Arrays.fill(hashHash, (byte) 0);
    }
  }

  /**
   * RFC 2759 8.7 GenerateAuthenticatorResponse from the PasswordHashHash ({@link
   * #hashNtPasswordHash}), so that the password need not be kept until the server's answer.
   */
  public static String generateAuthenticatorResponse(
      byte[] passwordHashHash,
      byte[] ntResponse,
      byte[] peerChallenge,
      byte[] authChallenge,
      String username) {
    MessageDigest sha1 = sha1();
    sha1.update(passwordHashHash);
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
    } finally {
      Arrays.fill(k, (byte) 0); // a third of the password hash (the JCE keeps its own copy)
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
