package org.p2sgate.core.control;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/** Keys, bodies and peer-input mutations shared by the wrap tests. */
final class WrapFixtures {
  static final long SERVER_SID = 0x1122334455667788L;
  static final long CLIENT_SID = 0x8877665544332211L;

  private WrapFixtures() {}

  /** A deterministic 256-byte key whose every byte differs from its neighbours. */
  static StaticKey key(long seed) {
    byte[] raw = new byte[StaticKey.SIZE];
    new Random(seed).nextBytes(raw);
    return StaticKey.of(raw);
  }

  /**
   * The client's view of a tls-crypt key: the server sends with keys[0] and the client with keys[1]
   * (wire doc 3.4), so a server-side wrap built from the swapped key behaves as the client.
   */
  static StaticKey swapHalves(StaticKey k) {
    byte[] b = k.bytes();
    byte[] s = new byte[StaticKey.SIZE];
    System.arraycopy(b, 128, s, 0, 128);
    System.arraycopy(b, 0, s, 128, 128);
    return StaticKey.of(s);
  }

  /** Ack block with one ack, message id, payload: a CONTROL_V1 body. */
  static byte[] body(int payloadLen) {
    ByteBuffer bb = ByteBuffer.allocate(1 + 4 + 8 + 4 + payloadLen);
    bb.put((byte) 1).putInt(7).putLong(SERVER_SID).putInt(8);
    for (int i = 0; i < payloadLen; i++) {
      bb.put((byte) (i * 13 + 1));
    }
    return bb.array();
  }

  /** Client HARD_RESET_CLIENT_V2 body: no acks, message id 0. */
  static byte[] clientResetBody() {
    return new byte[] {0, 0, 0, 0, 0};
  }

  /** Server HARD_RESET_SERVER_V2 body: ack [0] for the client's sid, message id 0. */
  static byte[] serverResetBody() {
    return ByteBuffer.allocate(17).put((byte) 1).putInt(0).putLong(CLIENT_SID).putInt(0).array();
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer bb = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      bb.put(p);
    }
    return bb.array();
  }

  /**
   * Flipping any single bit class in any byte must make an authenticated wrap reject the packet.
   */
  static void assertEveryTamperRejected(ControlWrap receiver, byte[] packet) {
    for (int i = 0; i < packet.length; i++) {
      for (int mask : new int[] {0x01, 0x80, 0xff}) {
        byte[] t = packet.clone();
        t[i] ^= (byte) mask;
        assertNull(receiver.unwrap(t, 0, t.length), "byte " + i + " ^ " + mask);
      }
    }
  }

  /** Every proper prefix of an authenticated packet is rejected, without an exception. */
  static void assertEveryPrefixRejected(ControlWrap receiver, byte[] packet) {
    for (int len = 0; len < packet.length; len++) {
      // the full packet stays in the array: the wrap must honour len
      assertNull(receiver.unwrap(packet, 0, len), "prefix " + len);
      byte[] exact = Arrays.copyOf(packet, len);
      assertNull(receiver.unwrap(exact, 0, len), "exact prefix " + len);
    }
  }

  /** Random garbage of every small length is rejected, never an exception. */
  static void assertGarbageRejected(ControlWrap receiver) {
    Random rnd = new Random(42);
    for (int i = 0; i < 3000; i++) {
      byte[] b = new byte[rnd.nextInt(200)];
      rnd.nextBytes(b);
      assertNull(receiver.unwrap(b, 0, b.length));
    }
  }
}
