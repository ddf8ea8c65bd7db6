package org.p2sgate.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The data channel's OpenSSL AEAD (decision 34) against SunJCE, byte for byte, on every JDK that
 * can run it; where it cannot (JDK 21), that it is refused with the reason and SunJCE is used. Not
 * skipped anywhere: CI runs JDK 25 with libcrypto 3, so a missing library fails here.
 */
class OpenSslAeadTest {
  private static final int TAG = AeadLayout.TAG_LENGTH;
  private static final int HEAD = 8 + TAG; // as P_DATA_V2: aad [0, 8) with the pid at 4, tag at 8
  private static final boolean FFM = Runtime.version().feature() >= 22;

  private static Aead.Factory openssl() {
    Aead.Factory f = Aeads.openSslOrNull();
    assertNotNull(f, "OpenSSL must be usable on JDK 22+: " + Aeads.openSslStatus());
    return f;
  }

  @Test
  void chosenWhereItCanRunAndRefusedWithTheReasonWhereNot() {
    if (FFM) {
      assertNotNull(Aeads.openSslOrNull(), Aeads.openSslStatus());
      assertTrue(Aeads.describe().startsWith("OpenSSL 3"), Aeads.describe());
    } else {
      assertNull(Aeads.openSslOrNull());
      assertTrue(Aeads.openSslStatus().contains("JDK 22"), Aeads.openSslStatus());
      assertTrue(Aeads.describe().startsWith("SunJCE"), Aeads.describe());
    }
  }

  @Test
  void theSwitchChoosesOrRefusesWithAReadableReason() {
    assertTrue(Aeads.choose("jce").factory() == JceAead.FACTORY);
    Aeads.Choice bogus = Aeads.choose("fastest");
    assertNull(bogus.factory());
    assertTrue(bogus.description().contains("not one of auto, openssl, jce"), bogus.description());
    Aeads.Choice openssl = Aeads.choose(" OpenSSL ");
    Aeads.Choice auto = Aeads.choose("auto");
    if (FFM) {
      assertTrue(openssl.description().startsWith("OpenSSL 3"), openssl.description());
      assertTrue(auto.description().startsWith("OpenSSL 3"), auto.description());
    } else {
      assertNull(openssl.factory(), "openssl asked for on JDK 21 must refuse to start");
      assertTrue(auto.factory() == JceAead.FACTORY, auto.description());
    }
  }

  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void sealsAsSunJceDoesAndOpensItsPackets(CipherKind kind) {
    if (!FFM) {
      return; // the other test proves the refusal on this JDK
    }
    Random r = new Random(kind.ordinal());
    for (int len : new int[] {1, 15, 16, 17, 100, 1420, 9000, AeadLayout.MAX_PAYLOAD}) {
      byte[] key = bytes(r, kind.keyLength());
      byte[] iv = bytes(r, 8);
      byte[] plain = bytes(r, HEAD + len + TAG);
      byte[] a = plain.clone();
      byte[] b = plain.clone();
      Aead ours = openssl().create(kind, key, iv);
      Aead jce = JceAead.FACTORY.create(kind, key, iv);
      ours.seal(a, 0, 8, 4, HEAD, len, 8);
      jce.seal(b, 0, 8, 4, HEAD, len, 8);
      assertArrayEquals(
          Arrays.copyOf(b, HEAD + len), Arrays.copyOf(a, HEAD + len), kind + " " + len);
      // each opens the other's packet (no tailroom for the JCE here: the buffered path)
      byte[] forJce = Arrays.copyOf(a, HEAD + len);
      assertEquals(len, jce.open(forJce, 0, 8, 4, HEAD, len, 8));
      assertEquals(len, ours.open(b, 0, 8, 4, HEAD, len, 8));
      assertArrayEquals(
          Arrays.copyOfRange(plain, HEAD, HEAD + len), Arrays.copyOfRange(b, HEAD, HEAD + len));
      assertArrayEquals(
          Arrays.copyOfRange(plain, HEAD, HEAD + len),
          Arrays.copyOfRange(forJce, HEAD, HEAD + len));
      ours.destroy();
      jce.destroy();
    }
  }

  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void aChangedByteAnywhereIsABadTagAndNoPlaintextIsWritten(CipherKind kind) {
    if (!FFM) {
      return;
    }
    Random r = new Random(7);
    byte[] key = bytes(r, kind.keyLength());
    byte[] iv = bytes(r, 8);
    Aead sealer = openssl().create(kind, key, iv);
    Aead opener = openssl().create(kind, key, iv);
    byte[] packet = bytes(r, HEAD + 200 + TAG);
    sealer.seal(packet, 0, 8, 4, HEAD, 200, 8);
    for (int i = 0; i < HEAD + 200; i++) {
      byte[] forged = packet.clone();
      forged[i] ^= 0x01;
      byte[] before = forged.clone();
      assertEquals(OpenFailure.BAD_TAG.code(), opener.open(forged, 0, 8, 4, HEAD, 200, 8), "" + i);
      assertArrayEquals(before, forged, "a failed open changed the buffer, byte " + i);
    }
    byte[] good = packet.clone();
    assertEquals(200, opener.open(good, 0, 8, 4, HEAD, 200, 8));
  }

  @Test
  void oversizedInputIsRefusedNotRead() {
    if (!FFM) {
      return;
    }
    Aead a = openssl().create(CipherKind.AES_256_GCM, new byte[32], new byte[8]);
    byte[] big = new byte[HEAD + AeadLayout.MAX_PAYLOAD + 1 + TAG];
    assertEquals(
        OpenFailure.CIPHER_FAILURE.code(),
        a.open(big, 0, 8, 4, HEAD, AeadLayout.MAX_PAYLOAD + 1, 8));
    assertThrows(
        IllegalArgumentException.class,
        () -> a.seal(big, 0, 8, 4, HEAD, AeadLayout.MAX_PAYLOAD + 1, 8));
    assertThrows(
        IllegalArgumentException.class,
        () -> openssl().create(CipherKind.AES_256_GCM, new byte[16], new byte[8]));
  }

  @Test
  void destroyReleasesTheContextAndZeroesTheIv() {
    if (!FFM) {
      return;
    }
    Aead a = openssl().create(CipherKind.CHACHA20_POLY1305, new byte[32], bytes(new Random(1), 8));
    assertTrue(!a.isZeroed());
    a.destroy();
    a.destroy();
    assertTrue(a.isDestroyed());
    assertTrue(a.isZeroed());
  }

  @ParameterizedTest
  @EnumSource(CipherKind.class)
  void sealAndOpenAllocateNothingPerPacket(CipherKind kind) {
    if (!FFM) {
      return;
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Aead sealer = openssl().create(kind, new byte[kind.keyLength()], new byte[8]);
    Aead opener = openssl().create(kind, new byte[kind.keyLength()], new byte[8]);
    byte[] buf = new byte[HEAD + 1420 + TAG];
    int packets = 20_000;
    roundTrips(sealer, opener, buf, 0, packets); // compiled by then
    long tid = Thread.currentThread().threadId();
    long before = threads.getThreadAllocatedBytes(tid);
    roundTrips(sealer, opener, buf, packets, packets);
    long perPacket = (threads.getThreadAllocatedBytes(tid) - before) / packets;
    // SunJCE: about 1 KB per seal and 1 KB per open
    assertTrue(perPacket < 16, kind + ": " + perPacket + " bytes allocated per seal and open");
  }

  private static void roundTrips(Aead sealer, Aead opener, byte[] buf, int from, int n) {
    for (int i = from; i < from + n; i++) {
      AeadLayout.putU32(buf, 4, i + 1);
      sealer.seal(buf, 0, 8, 4, HEAD, 1420, 8);
      if (opener.open(buf, 0, 8, 4, HEAD, 1420, 8) != 1420) {
        throw new AssertionError("packet " + i + " did not open");
      }
    }
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
