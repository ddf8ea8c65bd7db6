package org.p2sgate.core.keyexchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The legacy OpenVPN PRF of wire doc 6.2 and the key2 slicing of 6 / 6.3. */
class KeyDerivationTest {
  private static final Random RND = new Random(62);
  private static final byte[] PRE = bytes(48);
  private static final byte[] CR1 = bytes(32);
  private static final byte[] SR1 = bytes(32);
  private static final byte[] CR2 = bytes(32);
  private static final byte[] SR2 = bytes(32);
  private static final long CSID = 0x0123456789abcdefL;
  private static final long SSID = 0xfedcba9876543210L;

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RND.nextBytes(b);
    return b;
  }

  // ---- an independent TLS 1.0 PRF, RFC 2246 section 5 ----

  private static byte[] pHash(String alg, byte[] secret, byte[] seed, int n) throws Exception {
    Mac mac = Mac.getInstance(alg);
    mac.init(new SecretKeySpec(secret, alg));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] a = seed; // A(0)
    while (out.size() < n) {
      a = mac.doFinal(a); // A(i) = HMAC(secret, A(i-1))
      mac.update(a);
      out.writeBytes(mac.doFinal(seed));
    }
    return Arrays.copyOf(out.toByteArray(), n);
  }

  static byte[] tls10Prf(byte[] secret, String label, byte[] seed, int n) throws Exception {
    int half = (secret.length + 1) / 2;
    byte[] s1 = Arrays.copyOfRange(secret, 0, half);
    byte[] s2 = Arrays.copyOfRange(secret, secret.length - half, secret.length);
    byte[] labelSeed = concat(label.getBytes(StandardCharsets.US_ASCII), seed);
    byte[] md5 = pHash("HmacMD5", s1, labelSeed, n);
    byte[] sha1 = pHash("HmacSHA1", s2, labelSeed, n);
    for (int i = 0; i < n; i++) {
      md5[i] ^= sha1[i];
    }
    return md5;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** The PRF above reproduces the well-known TLS 1.0 vector (0xab*48, "PRF Testvector"). */
  @Test
  void independentPrfMatchesTheTls10TestVector() throws Exception {
    byte[] secret = new byte[48];
    Arrays.fill(secret, (byte) 0xab);
    byte[] seed = new byte[64];
    Arrays.fill(seed, (byte) 0xcd);
    assertEquals(
        "d3d4d1e349b5d515044666d51de32bab258cb521b6b053463e354832fd976754443bcf9a296519bc"
            + "289abcbc1187e4ebd31e602353776c408aafb74cbc85eff69255f9788faa184cbb957a9819d84a5d"
            + "7eb006eb459d3ae8de9810454b8b2d8f1afbc655a8c9a013",
        HexFormat.of().formatHex(tls10Prf(secret, "PRF Testvector", seed, 104)));
  }

  /** Doc 6.2 seeds: randoms1 in the master step; randoms2 and both session ids in expansion. */
  private static byte[] expectedKey2(long csid, long ssid, String expansionLabel) throws Exception {
    byte[] master = tls10Prf(PRE, "OpenVPN master secret", concat(CR1, SR1), 48);
    byte[] sids = ByteBuffer.allocate(16).putLong(csid).putLong(ssid).array();
    return tls10Prf(master, expansionLabel, concat(CR2, SR2, sids), 256);
  }

  private static void assertKey2(byte[] block, Key2 k) {
    assertArrayEquals(Arrays.copyOfRange(block, 0, 64), k.clientToServerCipher(64));
    assertArrayEquals(Arrays.copyOfRange(block, 64, 72), k.clientToServerIv());
    assertArrayEquals(Arrays.copyOfRange(block, 128, 192), k.serverToClientCipher(64));
    assertArrayEquals(Arrays.copyOfRange(block, 192, 200), k.serverToClientIv());
  }

  @Test
  void prfMatchesTheIndependentImplementation() throws Exception {
    Key2 k = KeyDerivation.prf(PRE, CR1, SR1, CR2, SR2, CSID, SSID);
    assertKey2(expectedKey2(CSID, SSID, "OpenVPN key expansion"), k);
    assertFalse(k.isDegenerate(32));
  }

  @Test
  void theSeedsMatter() throws Exception {
    Key2 k = KeyDerivation.prf(PRE, CR1, SR1, CR2, SR2, CSID, SSID);
    byte[] real = k.clientToServerCipher(64);
    // the draft RFC's variants (trailing space, no session ids) and swapped ids give other keys
    assertFalse(
        Arrays.equals(real, Arrays.copyOf(expectedKey2(SSID, CSID, "OpenVPN key expansion"), 64)));
    assertFalse(
        Arrays.equals(real, Arrays.copyOf(expectedKey2(CSID, SSID, "OpenVPN key expansion "), 64)));
    byte[] master = tls10Prf(PRE, "OpenVPN master secret", concat(CR1, SR1), 48);
    byte[] noSids = tls10Prf(master, "OpenVPN key expansion", concat(CR2, SR2), 256);
    assertFalse(Arrays.equals(real, Arrays.copyOf(noSids, 64)));
    Key2 swapped = KeyDerivation.prf(PRE, CR1, SR1, CR2, SR2, SSID, CSID);
    assertFalse(Arrays.equals(real, swapped.clientToServerCipher(64)));
    Key2 otherRandom = KeyDerivation.prf(PRE, SR1, CR1, CR2, SR2, CSID, SSID);
    assertFalse(Arrays.equals(real, otherRandom.clientToServerCipher(64)));
  }

  @Test
  void inputsAreNotModified() {
    byte[] pre = PRE.clone();
    KeyDerivation.prf(pre, CR1, SR1, CR2, SR2, CSID, SSID);
    assertArrayEquals(PRE, pre);
  }

  @Test
  void key2Slicing() {
    byte[] block = new byte[256];
    for (int i = 0; i < 256; i++) {
      block[i] = (byte) i;
    }
    Key2 k = new Key2(block.clone());
    assertArrayEquals(Arrays.copyOfRange(block, 0, 16), k.clientToServerCipher(16));
    assertArrayEquals(Arrays.copyOfRange(block, 0, 32), k.clientToServerCipher(32));
    assertArrayEquals(Arrays.copyOfRange(block, 64, 72), k.clientToServerIv());
    assertArrayEquals(Arrays.copyOfRange(block, 128, 144), k.serverToClientCipher(16));
    assertArrayEquals(Arrays.copyOfRange(block, 128, 160), k.serverToClientCipher(32));
    assertArrayEquals(Arrays.copyOfRange(block, 192, 200), k.serverToClientIv());
    assertEquals("Key2[256 bytes]", k.toString());
    assertThrows(IllegalArgumentException.class, () -> new Key2(new byte[255]));
  }

  /** Only an all-zero cipher key part (first keyLen bytes) of either direction is rejected. */
  @Test
  void degenerateBlocks() {
    byte[] block = new byte[256];
    Arrays.fill(block, (byte) 0x80);
    assertFalse(new Key2(block.clone()).isDegenerate(32));

    byte[] c2sZero = block.clone();
    Arrays.fill(c2sZero, 0, 16, (byte) 0);
    assertTrue(new Key2(c2sZero).isDegenerate(16));
    assertFalse(new Key2(c2sZero).isDegenerate(32), "byte 16 is part of a 32-byte key");

    byte[] s2cZero = block.clone();
    Arrays.fill(s2cZero, 128, 160, (byte) 0);
    assertTrue(new Key2(s2cZero).isDegenerate(32));

    byte[] hmacZero = block.clone();
    Arrays.fill(hmacZero, 64, 128, (byte) 0);
    Arrays.fill(hmacZero, 192, 256, (byte) 0);
    assertFalse(new Key2(hmacZero).isDegenerate(32), "the hmac parts are not checked");

    Key2 k = new Key2(block.clone());
    k.wipe();
    assertTrue(k.isDegenerate(16));
    assertArrayEquals(new byte[8], k.serverToClientIv());
  }
}
