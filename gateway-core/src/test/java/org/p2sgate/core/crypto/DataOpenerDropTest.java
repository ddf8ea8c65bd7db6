package org.p2sgate.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every way a packet can be refused, and that refusing never throws or moves the window. */
class DataOpenerDropTest {
  private static final byte[] PLAIN =
      "hello, tunnel".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private static OpenFailure v2(DataOpener o, byte[] packet, long now) {
    byte[] copy = packet.clone();
    int r = o.openV2(copy, 0, copy.length, now);
    return r > 0 ? null : OpenFailure.ofCode(r);
  }

  private static byte[] flip(byte[] p, int index, int mask) {
    byte[] c = p.clone();
    c[index] ^= (byte) mask;
    return c;
  }

  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void tamperedHeaderTagOrCiphertextIsBadTag(CipherKind kind) {
    byte[] p = Fixtures.sealV2(Fixtures.sealer(kind), PLAIN, 0, 7);
    DataOpener o = Fixtures.opener(kind);
    assertEquals(OpenFailure.BAD_TAG, v2(o, flip(p, 0, 0x01), 0)); // key_id (AAD)
    assertEquals(OpenFailure.BAD_TAG, v2(o, flip(p, 3, 0x01), 0)); // peer-id (AAD)
    assertEquals(OpenFailure.BAD_TAG, v2(o, flip(p, 7, 0x02), 0)); // packet id (AAD and nonce)
    for (int i = 8; i < p.length; i++) {
      assertEquals(OpenFailure.BAD_TAG, v2(o, flip(p, i, 0x80), 0), "byte " + i);
    }
    assertEquals(OpenFailure.BAD_OPCODE, v2(o, flip(p, 0, 0x08), 0));
    // none of that moved the window: the genuine packet still opens, once
    assertEquals(null, v2(o, p, 0));
    assertEquals(OpenFailure.REPLAY, v2(o, p, 0));
  }

  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void wrongKeyIsBadTag(CipherKind kind) {
    byte[] p = Fixtures.sealV2(Fixtures.sealer(kind), PLAIN, 0, 7);
    byte[] otherKey = Fixtures.key(kind);
    otherKey[0] ^= 1;
    DataOpener o = new DataOpener(kind, otherKey, Fixtures.IV, new ReplayWindow());
    assertEquals(OpenFailure.BAD_TAG, v2(o, p, 0));
    byte[] otherIv = Fixtures.IV.clone();
    otherIv[7] ^= 1;
    o = new DataOpener(kind, Fixtures.key(kind), otherIv, new ReplayWindow());
    assertEquals(OpenFailure.BAD_TAG, v2(o, p, 0));
  }

  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void v1OpcodeByteIsNotAuthenticatedButPacketIdIs(CipherKind kind) {
    byte[] p = Fixtures.sealV1(Fixtures.sealer(kind), PLAIN, 0);
    DataOpener o = Fixtures.opener(kind);
    byte[] otherKeyId = flip(p, 0, 0x03);
    assertEquals(PLAIN.length, o.openV1(otherKeyId, 0, p.length, 0)); // as in the reference
    byte[] badId = flip(Fixtures.sealV1(Fixtures.sealer(kind), PLAIN, 0), 4, 0x04);
    assertEquals(OpenFailure.BAD_TAG.code(), Fixtures.opener(kind).openV1(badId, 0, p.length, 0));
  }

  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void replayReorderAndTooOld(CipherKind kind) {
    DataSealer s = Fixtures.sealer(kind);
    byte[][] p = new byte[71][];
    for (int i = 1; i <= 70; i++) {
      p[i] = Fixtures.sealV2(s, PLAIN, 0, 1);
    }
    DataOpener o = Fixtures.opener(kind);
    for (int i : new int[] {3, 1, 2, 5, 4}) {
      assertEquals(null, v2(o, p[i], 0), "id " + i);
    }
    assertEquals(OpenFailure.REPLAY, v2(o, p[2], 0));
    assertEquals(null, v2(o, p[70], 0));
    assertEquals(OpenFailure.REPLAY, v2(o, p[6], 0)); // 70 - 6 = 64: outside the window
    assertEquals(null, v2(o, p[7], 0)); // 63 behind: inside, first time
    assertEquals(OpenFailure.REPLAY, v2(o, p[7], 0));
  }

  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void reorderedPacketExpiresAfterTimeBacktrack(CipherKind kind) {
    DataSealer s = Fixtures.sealer(kind);
    byte[][] p = new byte[11][];
    for (int i = 1; i <= 10; i++) {
      p[i] = Fixtures.sealV2(s, PLAIN, 0, 1);
    }
    DataOpener o = Fixtures.opener(kind);
    assertEquals(null, v2(o, p[10], 0));
    assertEquals(null, v2(o, p[4], 15_999)); // 10 arrived 15 s ago: not more than 15 s
    assertEquals(OpenFailure.REPLAY, v2(o, p[5], 16_000));
    assertEquals(OpenFailure.REPLAY, v2(o, p[9], 60_000));
  }

  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void truncatedPacketsAreTooShortOrEmpty(CipherKind kind) {
    byte[] v2 = Fixtures.sealV2(Fixtures.sealer(kind), PLAIN, 0, 1);
    byte[] v1 = Fixtures.sealV1(Fixtures.sealer(kind), PLAIN, 0);
    DataOpener o = Fixtures.opener(kind);
    for (int len = 0; len < 24; len++) {
      assertEquals(OpenFailure.TOO_SHORT.code(), o.openV2(v2.clone(), 0, len, 0), "len " + len);
      assertEquals(OpenFailure.TOO_SHORT.code(), o.openV2(new byte[len], 0, len, 0));
    }
    assertEquals(OpenFailure.EMPTY_PAYLOAD.code(), o.openV2(v2.clone(), 0, 24, 0));
    for (int len = 0; len < 21; len++) {
      assertEquals(OpenFailure.TOO_SHORT.code(), o.openV1(v1.clone(), 0, len, 0), "len " + len);
    }
    assertEquals(OpenFailure.EMPTY_PAYLOAD.code(), o.openV1(v1.clone(), 0, 21, 0));
    for (int len = 25; len < v2.length; len++) { // cut ciphertext: tag no longer matches
      assertEquals(OpenFailure.BAD_TAG.code(), o.openV2(v2.clone(), 0, len, 0), "len " + len);
    }
    assertEquals(PLAIN.length, o.openV2(v2, 0, v2.length, 0));
  }

  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void randomGarbageNeverThrows(CipherKind kind) {
    Random rnd = new Random(42 + kind.ordinal());
    DataOpener o = Fixtures.opener(kind);
    byte[] valid = Fixtures.sealV2(Fixtures.sealer(kind), PLAIN, 0, 1);
    for (int i = 0; i < 5000; i++) {
      int len = rnd.nextInt(120);
      byte[] buf = Fixtures.random(rnd, len + 4);
      switch (i % 4) {
        case 0 -> buf[2] = 0x48; // plausible V2 opcode
        case 1 -> buf[2] = 0x30; // plausible V1 opcode
        case 2 -> System.arraycopy(valid, 0, buf, 2, Math.min(8, len)); // genuine header
        default -> {}
      }
      int r2 = o.openV2(buf, 2, len, i);
      int r1 = o.openV1(buf, 2, len, i);
      assertTrue(r2 < 0 && r1 < 0, "garbage accepted at iteration " + i);
      OpenFailure.ofCode(r2);
      OpenFailure.ofCode(r1);
    }
    assertEquals(PLAIN.length, o.openV2(valid, 0, valid.length, 0)); // window untouched
  }

  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void destroyZeroesAndDisables(CipherKind kind) {
    DataSealer s = Fixtures.sealer(kind);
    DataOpener o = Fixtures.opener(kind);
    byte[] p = Fixtures.sealV2(s, PLAIN, 0, 1);
    s.destroy();
    o.destroy();
    o.destroy(); // idempotent
    assertTrue(s.isZeroed());
    assertTrue(o.isZeroed());
    byte[] buf = Fixtures.withPlaintext(0, 24, PLAIN);
    assertEquals(DataSealer.NO_PACKET_ID, s.sealV2(buf, 0, PLAIN.length, 0, 1));
    assertEquals(DataSealer.NO_PACKET_ID, s.sealV1(buf, 0, PLAIN.length, 0));
    byte[] copy = p.clone();
    assertEquals(OpenFailure.KEY_DESTROYED.code(), o.openV2(copy, 0, copy.length, 0));
    assertArrayEquals(p, copy); // nothing was decrypted in place
  }

  @org.junit.jupiter.api.Test
  void callerBoundsBugsThrowButPeerBytesNever() {
    DataOpener o = Fixtures.opener(CipherKind.AES_256_GCM);
    assertThrows(IndexOutOfBoundsException.class, () -> o.openV2(new byte[10], 5, 6, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> o.openV1(new byte[10], -1, 3, 0));
    assertEquals(OpenFailure.TOO_SHORT.code(), o.openV2(new byte[10], 5, 5, 0));
    assertEquals(
        -1, Arrays.stream(OpenFailure.values()).mapToInt(OpenFailure::code).max().orElse(0));
  }
}
