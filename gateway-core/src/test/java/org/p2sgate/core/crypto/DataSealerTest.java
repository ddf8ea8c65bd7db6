package org.p2sgate.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DataSealerTest {
  private static final CipherKind KIND = CipherKind.AES_128_GCM;

  private static int seal(DataSealer s) {
    byte[] buf = Fixtures.withPlaintext(0, 24, Fixtures.PING);
    return s.sealV2(buf, 0, 16, 0, 0);
  }

  @Test
  void idsStartAtOneAndIncreaseAcrossFormats() {
    DataSealer s = Fixtures.sealer(KIND);
    assertEquals(0, s.lastPacketId());
    byte[] a = Fixtures.sealV2(s, Fixtures.PING, 0, 0);
    byte[] b = Fixtures.sealV1(s, Fixtures.PING, 0);
    assertEquals(1, AeadLayout.getU32(a, 4));
    assertEquals(2, AeadLayout.getU32(b, 1));
    assertEquals(2, s.lastPacketId());
  }

  @Test
  void neverWrapsAndAsksForRenegotiationAtTheTrigger() {
    DataSealer s = Fixtures.sealer(KIND);
    s.setLastPacketIdForTest(0xFEFFFFFEL);
    assertEquals(40, seal(s));
    assertFalse(s.wantsRenegotiation()); // last id 0xFEFFFFFF
    assertEquals(40, seal(s));
    assertTrue(s.wantsRenegotiation()); // last id 0xFF000000

    s.setLastPacketIdForTest(0xFFFFFFFEL);
    byte[] last = Fixtures.sealV2(s, Fixtures.PING, 0, 0);
    assertEquals(0xFFFFFFFFL, AeadLayout.getU32(last, 4));
    assertEquals(DataSealer.NO_PACKET_ID, seal(s));
    assertEquals(DataSealer.NO_PACKET_ID, seal(s));
    assertEquals(0xFFFFFFFFL, s.lastPacketId());

    DataOpener o = Fixtures.opener(KIND);
    assertEquals(16, o.openV2(last, 0, last.length, 0));
  }

  @Test
  void rejectsBadArguments() {
    DataSealer s = Fixtures.sealer(KIND);
    byte[] buf = new byte[100];
    assertThrows(IllegalArgumentException.class, () -> s.sealV2(buf, 0, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> s.sealV1(buf, 0, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> s.sealV2(buf, 0, -5, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> s.sealV2(buf, 0, 10, 8, 0));
    assertThrows(IllegalArgumentException.class, () -> s.sealV1(buf, 0, 10, -1));
    assertThrows(IllegalArgumentException.class, () -> s.sealV2(buf, 0, 10, 0, 0x1000000));
    assertThrows(IllegalArgumentException.class, () -> s.sealV2(buf, 0, 10, 0, -1));
    // 24 + 61 + 16 = 101 > 100: no tailroom for the tag
    assertThrows(IndexOutOfBoundsException.class, () -> s.sealV2(buf, 0, 61, 0, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> s.sealV2(buf, -1, 10, 0, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> s.sealV2(buf, 0, Integer.MAX_VALUE, 0, 0));
    assertEquals(0, s.lastPacketId()); // no id was spent on a refused call
    assertEquals(24 + 60, s.sealV2(buf, 0, 60, 0, 0xFFFFFF));
  }

  @Test
  void rejectsBadKeyMaterial() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new DataSealer(CipherKind.AES_256_GCM, new byte[16], Fixtures.IV));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DataSealer(CipherKind.CHACHA20_POLY1305, new byte[32], new byte[12]));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new DataOpener(CipherKind.AES_128_GCM, new byte[32], Fixtures.IV, new ReplayWindow()));
  }

  @Test
  void copiesKeyMaterial() {
    byte[] key = Fixtures.key(KIND);
    byte[] iv = Fixtures.IV.clone();
    DataSealer s = new DataSealer(KIND, key, iv);
    key[0] ^= 1;
    iv[0] ^= 1;
    byte[] p = Fixtures.sealV2(s, Fixtures.PING, 0, 0);
    assertEquals(16, Fixtures.opener(KIND).openV2(p, 0, p.length, 0));
  }
}
