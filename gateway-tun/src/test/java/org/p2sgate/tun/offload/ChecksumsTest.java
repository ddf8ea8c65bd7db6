package org.p2sgate.tun.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.p2sgate.tun.testing.Packets;

class ChecksumsTest {
  /** The sum word by word, as RFC 1071 writes it (the test fixtures' own checksum loop). */
  private static int wordByWord(byte[] b, int off, int len) {
    return ~Packets.checksum(b, off, len) & 0xffff; // the fixture returns it complemented
  }

  @Test
  void rfc1071Example() {
    byte[] b = {0x00, 0x01, (byte) 0xf2, 0x03, (byte) 0xf4, (byte) 0xf5, (byte) 0xf6, (byte) 0xf7};
    assertEquals(0xddf2, Checksums.fold(Checksums.add(0, b, 0, b.length)));
  }

  @Test
  void equalsTheWordByWordSumAtEveryOffsetAndLength() {
    SplittableRandom r = new SplittableRandom(1071);
    byte[] b = new byte[2048];
    for (int round = 0; round < 5_000; round++) {
      r.nextBytes(b);
      int off = r.nextInt(64);
      int len = r.nextInt(b.length - off);
      long start = r.nextInt(1 << 20);
      assertEquals(
          Checksums.fold(start + wordByWord(b, off, len)),
          Checksums.fold(Checksums.add(start, b, off, len)),
          "off " + off + " len " + len);
    }
  }

  @Test
  void largestPacketsOfAllOnesAndAllZeros() {
    byte[] ones = new byte[65_535];
    Arrays.fill(ones, (byte) 0xff);
    assertEquals(
        wordByWord(ones, 0, ones.length), Checksums.fold(Checksums.add(0, ones, 0, ones.length)));
    assertEquals(0xffff, Checksums.fold(Checksums.add(0, ones, 1, 65_534)));
    byte[] zeros = new byte[65_535];
    assertEquals(0, Checksums.fold(Checksums.add(0, zeros, 3, 65_000)));
  }
}
