package org.p2sgate.tun.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PacketsTest {

  static Inet4Address ip(String s) throws Exception {
    return (Inet4Address) InetAddress.getByName(s);
  }

  /** Ones' complement sum written independently of Packets, with a ByteBuffer. */
  static int onesSum(ByteBuffer b) {
    int sum = 0;
    while (b.remaining() >= 2) {
      sum += b.getShort() & 0xffff;
    }
    if (b.hasRemaining()) {
      sum += (b.get() & 0xff) << 8;
    }
    while (sum > 0xffff) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return sum;
  }

  @Test
  void ipv4HeaderChecksumMatchesKnownExample() throws Exception {
    // The IPv4 header used as the checksum example on Wikipedia ("Internet checksum"):
    // 4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7
    byte[] p = Packets.udp4(ip("192.168.0.1"), 1000, ip("192.168.0.199"), 2000, new byte[87]);
    ByteBuffer h = ByteBuffer.wrap(p, 0, 20);
    int[] expected = {
      0x4500, 0x0073, 0x0000, 0x4000, 0x4011, 0xb861, 0xc0a8, 0x0001, 0xc0a8, 0x00c7
    };
    for (int word : expected) {
      assertEquals(word, h.getShort() & 0xffff);
    }
  }

  @Test
  void udpChecksumVerifiesOverPseudoHeader() throws Exception {
    byte[] payload = "hello, tun".getBytes(StandardCharsets.US_ASCII); // odd length on purpose
    byte[] p = Packets.udp4(ip("100.64.1.2"), 40000, ip("100.64.1.1"), 53, payload);
    assertEquals(20 + 8 + payload.length, p.length);
    assertEquals(0xffff, onesSum(ByteBuffer.wrap(p, 0, 20)));
    ByteBuffer pseudo = ByteBuffer.allocate(12 + p.length - 20);
    pseudo.put(p, 12, 8).put((byte) 0).put((byte) 17).putShort((short) (p.length - 20));
    pseudo.put(p, 20, p.length - 20).flip();
    assertEquals(0xffff, onesSum(pseudo));
  }

  @Test
  void icmpEchoChecksumVerifies() throws Exception {
    byte[] p = Packets.icmpEcho4(ip("10.0.0.1"), ip("10.0.0.2"), 0x1234, 7, new byte[] {1, 2, 3});
    assertEquals(20 + 8 + 3, p.length);
    assertEquals(Packets.IPPROTO_ICMP, Packets.protocol4(p, 0));
    assertEquals(Packets.ICMP_ECHO_REQUEST, p[20]);
    assertEquals(0x1234, ((p[24] & 0xff) << 8) | (p[25] & 0xff));
    assertEquals(7, ((p[26] & 0xff) << 8) | (p[27] & 0xff));
    assertEquals(0xffff, onesSum(ByteBuffer.wrap(p, 0, 20)));
    assertEquals(0xffff, onesSum(ByteBuffer.wrap(p, 20, p.length - 20)));
    assertEquals(0, Packets.checksum(p, 20, p.length - 20));
  }

  @Test
  void readersWorkAtAnOffset() throws Exception {
    byte[] pkt = Packets.udp4(ip("100.64.1.2"), 40000, ip("100.64.1.1"), 53, new byte[] {9, 8});
    byte[] buf = new byte[24 + pkt.length + 5];
    System.arraycopy(pkt, 0, buf, 24, pkt.length);
    assertEquals(4, Packets.version(buf, 24));
    assertEquals(ip("100.64.1.2"), Packets.srcAddress4(buf, 24));
    assertEquals(ip("100.64.1.1"), Packets.dstAddress4(buf, 24));
    assertEquals(Packets.IPPROTO_UDP, Packets.protocol4(buf, 24));
    assertEquals(40000, Packets.udpSrcPort4(buf, 24));
    assertEquals(53, Packets.udpDstPort4(buf, 24));
    assertArrayEquals(new byte[] {9, 8}, Packets.udpPayload4(buf, 24));
  }

  @Test
  void readersRejectWhatIsNotThere() throws Exception {
    byte[] pkt = Packets.icmpEcho4(ip("10.0.0.1"), ip("10.0.0.2"), 1, 1, new byte[0]);
    assertThrows(IllegalArgumentException.class, () -> Packets.udpDstPort4(pkt, 0));
    assertThrows(IllegalArgumentException.class, () -> Packets.srcAddress4(new byte[19], 0));
    byte[] v6 = new byte[40];
    v6[0] = 0x60;
    assertEquals(6, Packets.version(v6, 0));
    assertThrows(IllegalArgumentException.class, () -> Packets.dstAddress4(v6, 0));
    byte[] cut = java.util.Arrays.copyOf(pkt, pkt.length - 1); // total length says one more byte
    assertThrows(IllegalArgumentException.class, () -> Packets.protocol4(cut, 0));
  }

  @Test
  void buildersRejectBadArguments() throws Exception {
    Inet4Address a = ip("10.0.0.1");
    assertThrows(IllegalArgumentException.class, () -> Packets.udp4(a, 70000, a, 1, new byte[0]));
    assertThrows(
        IllegalArgumentException.class, () -> Packets.udp4(a, 1, a, 1, new byte[65535 - 27]));
  }
}
