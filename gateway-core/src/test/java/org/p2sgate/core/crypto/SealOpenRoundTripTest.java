package org.p2sgate.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips and known answers. Sealing and opening both run in place on overlapping input and
 * output, so byte equality with an independent non-in-place JCE computation is also the proof that
 * in-place operation is correct on this JDK for AES-GCM and ChaCha20-Poly1305.
 */
class SealOpenRoundTripTest {
  static Stream<Arguments> cipherAndSize() {
    return Arrays.stream(CipherKind.values())
        .flatMap(k -> Stream.of(1, 64, 1400, 9000).map(n -> Arguments.of(k, n)));
  }

  @ParameterizedTest
  @MethodSource("cipherAndSize")
  void v2RoundTripMatchesIndependentComputation(CipherKind kind, int size) throws Exception {
    Random rnd = new Random(size * 31L + kind.ordinal());
    DataSealer sealer = Fixtures.sealer(kind);
    DataOpener opener = Fixtures.opener(kind);
    for (int i = 1; i <= 3; i++) {
      byte[] plain = Fixtures.random(rnd, size);
      int head = 7; // packet not at offset 0
      byte[] buf = Fixtures.withPlaintext(head, 24, plain);
      int len = sealer.sealV2(buf, head, size, 2, 0xABCDEF);
      assertEquals(24 + size, len);
      byte[] header = Fixtures.hex("4aabcdef0000000" + i);
      byte[] expected = Fixtures.expectedPacket(kind, Fixtures.key(kind), header, 0, i, plain);
      assertArrayEquals(expected, Arrays.copyOfRange(buf, head, head + len));

      byte[] rx = new byte[3 + len]; // exact size: the opener needs no tailroom
      System.arraycopy(buf, head, rx, 3, len);
      assertEquals(size, opener.openV2(rx, 3, len, 1000L * i));
      assertArrayEquals(plain, Arrays.copyOfRange(rx, 3 + 24, 3 + 24 + size));
    }
  }

  /** With tailroom the tag moves behind the ciphertext and one doFinal opens in place. */
  @ParameterizedTest
  @MethodSource("cipherAndSize")
  void v2OpensInPlaceWithTailroomAndStillRefusesABadTag(CipherKind kind, int size) {
    Random rnd = new Random(size * 13L + kind.ordinal());
    DataSealer sealer = Fixtures.sealer(kind);
    DataOpener opener = Fixtures.opener(kind);
    for (int i = 1; i <= 4; i++) {
      byte[] plain = Fixtures.random(rnd, size);
      byte[] buf = Fixtures.withPlaintext(0, 24, plain);
      int len = sealer.sealV2(buf, 0, size, 2, 7);
      byte[] rx = new byte[5 + len + AeadLayout.TAILROOM + 3];
      System.arraycopy(buf, 0, rx, 5, len);
      if (i == 3) {
        rx[5 + 8] ^= 1; // a tag bit: refused, and the window does not move
        assertEquals(OpenFailure.BAD_TAG.code(), opener.openV2(rx, 5, len, 1000L * i));
        continue;
      }
      assertEquals(size, opener.openV2(rx, 5, len, 1000L * i));
      assertArrayEquals(plain, Arrays.copyOfRange(rx, 5 + 24, 5 + 24 + size));
    }
  }

  @ParameterizedTest
  @MethodSource("cipherAndSize")
  void v1RoundTripMatchesIndependentComputation(CipherKind kind, int size) throws Exception {
    Random rnd = new Random(size * 17L + kind.ordinal());
    DataSealer sealer = Fixtures.sealer(kind);
    DataOpener opener = Fixtures.opener(kind);
    for (int i = 1; i <= 3; i++) {
      byte[] plain = Fixtures.random(rnd, size);
      byte[] buf = Fixtures.withPlaintext(0, 21, plain);
      int len = sealer.sealV1(buf, 0, size, 5);
      assertEquals(21 + size, len);
      byte[] header = Fixtures.hex("350000000" + i);
      byte[] expected = Fixtures.expectedPacket(kind, Fixtures.key(kind), header, 1, i, plain);
      assertArrayEquals(expected, Arrays.copyOf(buf, len));

      assertEquals(size, opener.openV1(buf, 0, len, 0));
      assertArrayEquals(plain, Arrays.copyOfRange(buf, 21, 21 + size));
    }
  }

  /**
   * Fixed vectors: key 00 01 02 .. (16 or 32 bytes), implicit IV a0..a7, packet id 1, plaintext =
   * the ping payload; V2 with key_id 0 and peer-id 5, V1 with key_id 1. Computed once with Python's
   * {@code cryptography} 48.0.0:
   *
   * <pre>
   * from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
   * ping = bytes.fromhex("2a187bf3641eb4cb07ed2d0a981fc748"); iv = bytes.fromhex("a0a1a2a3a4a5a6a7")
   * pid = bytes.fromhex("00000001")
   * for alg, key in [(AESGCM, bytes(range(16))), (AESGCM, bytes(range(32))),
   *                  (ChaCha20Poly1305, bytes(range(32)))]:
   *     hdr2 = bytes.fromhex("48000005") + pid; ct = alg(key).encrypt(pid + iv, ping, hdr2)
   *     print((hdr2 + ct[-16:] + ct[:-16]).hex())
   *     ct = alg(key).encrypt(pid + iv, ping, pid)
   *     print((bytes([0x31]) + pid + ct[-16:] + ct[:-16]).hex())
   * </pre>
   *
   * The V2 ping is 40 bytes, as the wire doc observed.
   */
  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void fixedVectors(CipherKind kind) {
    String[] v =
        switch (kind) {
          case AES_128_GCM ->
              new String[] {
                "4800000500000001a333d9ded2a15c774343b064ea93c0f6691621137235f102537dd621339b07c5",
                "3100000001b8381109dd765baa19828ee384084224691621137235f102537dd621339b07c5"
              };
          case AES_256_GCM ->
              new String[] {
                "4800000500000001e51d8c32b0e3e3d39ceb8456330dd937e671c9ca01004182ec61d9527e066908",
                "3100000001280de226e33439df5cc8b21ce4ca6f8ae671c9ca01004182ec61d9527e066908"
              };
          case CHACHA20_POLY1305 ->
              new String[] {
                "48000005000000011a844bf48b82b947eef3e5a7731fe4fa99b987822cb818b430ffa112b1c9b1ed",
                "3100000001a71443a1f80ec9060e9e7ed2fff85c3099b987822cb818b430ffa112b1c9b1ed"
              };
        };
    byte[] v2 = Fixtures.sealV2(Fixtures.sealer(kind), Fixtures.PING, 0, 5);
    assertEquals(40, v2.length);
    assertArrayEquals(Fixtures.hex(v[0]), v2);
    assertArrayEquals(Fixtures.hex(v[1]), Fixtures.sealV1(Fixtures.sealer(kind), Fixtures.PING, 1));

    byte[] rx = Fixtures.hex(v[0]);
    assertEquals(16, Fixtures.opener(kind).openV2(rx, 0, rx.length, 0));
    assertArrayEquals(Fixtures.PING, Arrays.copyOfRange(rx, 24, 40));
    rx = Fixtures.hex(v[1]);
    assertEquals(16, Fixtures.opener(kind).openV1(rx, 0, rx.length, 0));
    assertArrayEquals(Fixtures.PING, Arrays.copyOfRange(rx, 21, 37));
  }
}
