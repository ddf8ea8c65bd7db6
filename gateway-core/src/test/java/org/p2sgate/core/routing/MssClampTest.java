package org.p2sgate.core.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MssClampTest {

  /** An IPv4 TCP segment with the given flags and MSS option, checksums computed from scratch. */
  static byte[] segment(int flags, int mss) {
    byte[] opts = {2, 4, (byte) (mss >>> 8), (byte) mss, 1, 1, 4, 2}; // MSS, NOP, NOP, SACK-ok
    int tcpLen = 20 + opts.length;
    ByteBuffer b = ByteBuffer.allocate(20 + tcpLen);
    b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + tcpLen)).putInt(0);
    b.put((byte) 64).put((byte) 6).putShort((short) 0);
    b.put(new byte[] {10, 8, 0, 2}).put(new byte[] {(byte) 198, 18, 1, 2});
    b.putShort((short) 40000).putShort((short) 5201).putInt(1).putInt(0);
    b.put((byte) ((tcpLen / 4) << 4)).put((byte) flags).putShort((short) 64240);
    b.putShort((short) 0).putShort((short) 0).put(opts);
    byte[] p = b.array();
    int c = tcpChecksum(p);
    p[36] = (byte) (c >>> 8);
    p[37] = (byte) c;
    return p;
  }

  /** The TCP checksum over the pseudo-header and segment, with the checksum field as zero. */
  static int tcpChecksum(byte[] p) {
    int tcpLen = p.length - 20;
    long sum = 0;
    for (int i = 12; i < 20; i += 2) {
      sum += ((p[i] & 0xff) << 8) | (p[i + 1] & 0xff);
    }
    sum += 6 + tcpLen;
    for (int i = 20; i < p.length; i += 2) {
      int hi = p[i] & 0xff;
      int lo = i + 1 < p.length ? p[i + 1] & 0xff : 0;
      if (i != 36) {
        sum += (hi << 8) | lo;
      }
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }

  @Test
  void theClientsFigureFor2_6Defaults() {
    assertEquals(1400, MssClamp.maxMss(1492, 0), "mssfix 1492, AES-GCM over IPv4/UDP");
    assertEquals(1399, MssClamp.maxMss(1492, 1), "with a comp-lzo framing byte");
    assertEquals(0, MssClamp.maxMss(0, 0));
  }

  @Test
  void clampsASynAndKeepsTheChecksumRight() {
    byte[] p = segment(0x02, 1460);
    assertTrue(MssClamp.clamp(p, 0, p.length, 1400));
    assertEquals(1400, ((p[42] & 0xff) << 8) | (p[43] & 0xff));
    int stored = ((p[36] & 0xff) << 8) | (p[37] & 0xff);
    assertEquals(tcpChecksum(p), stored, "incremental update equals a full recomputation");
  }

  @Test
  void clampsASynAckToo() {
    byte[] p = segment(0x12, 8960);
    assertTrue(MssClamp.clamp(p, 0, p.length, 1400));
    assertEquals(tcpChecksum(p), ((p[36] & 0xff) << 8) | (p[37] & 0xff));
  }

  @Test
  void leavesSmallerMssNonSynAndOtherPacketsAlone() {
    for (byte[] p : new byte[][] {segment(0x02, 1300), segment(0x10, 1460)}) {
      byte[] copy = p.clone();
      assertFalse(MssClamp.clamp(p, 0, p.length, 1400));
      assertArrayEquals(copy, p);
    }
    byte[] p = segment(0x02, 1460);
    assertFalse(MssClamp.clamp(p, 0, p.length, 0), "clamping off");
  }

  @Test
  void truncatedAndRandomInputNeverThrows() {
    byte[] p = segment(0x02, 1460);
    for (int len = 0; len < p.length; len++) {
      MssClamp.clamp(p.clone(), 0, len, 1400);
    }
    Random r = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      byte[] junk = new byte[r.nextInt(80)];
      r.nextBytes(junk);
      if (junk.length > 0) {
        junk[0] = (byte) (0x40 | (junk[0] & 0x0f));
      }
      MssClamp.clamp(junk, 0, junk.length, 1400);
    }
  }
}
