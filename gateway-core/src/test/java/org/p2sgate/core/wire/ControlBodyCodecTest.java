package org.p2sgate.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The control-packet body of wire doc 1.3: ack block, message id, payload. */
class ControlBodyCodecTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final long CLIENT_SID = 0x0102030405060708L;
  private static final long SERVER_SID = 0xa1b2c3d4e5f60718L;

  static Stream<Arguments> shapes() {
    List<Arguments> out = new ArrayList<>();
    for (int acks = 0; acks <= ControlPacket.MAX_ACKS; acks++) {
      for (int payload : new int[] {0, 1, 100}) {
        out.add(Arguments.of(Opcode.CONTROL_V1, acks, payload));
        out.add(Arguments.of(Opcode.CONTROL_HARD_RESET_SERVER_V2, acks, payload));
        if (acks > 0) {
          out.add(Arguments.of(Opcode.ACK_V1, acks, payload));
        }
      }
    }
    return out.stream();
  }

  private static ControlPacket packet(Opcode op, int nAcks, int payloadLen) {
    long[] acks = new long[nAcks];
    for (int i = 0; i < nAcks; i++) {
      acks[i] = i == 0 ? 0xffffffffL : 1000L + i * 7; // the top bit must survive (u32)
    }
    byte[] payload = new byte[payloadLen];
    for (int i = 0; i < payloadLen; i++) {
      payload[i] = (byte) (i * 31 + 5);
    }
    long mid = op.hasMessageId() ? 0x80000000L + nAcks : -1;
    return new ControlPacket(op, 3, CLIENT_SID, acks, nAcks > 0 ? SERVER_SID : 0, mid, payload);
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void roundTrip(Opcode op, int nAcks, int payloadLen) throws WireFormatException {
    ControlPacket p = packet(op, nAcks, payloadLen);
    byte[] body = ControlBodyCodec.encodeBody(p);
    int expectedLen =
        1 + (nAcks > 0 ? 4 * nAcks + 8 : 0) + (op.hasMessageId() ? 4 : 0) + payloadLen;
    assertEquals(expectedLen, body.length);
    assertEquals(expectedLen, p.bodyLength());
    assertEquals(nAcks, body[0]);

    ControlPacket back = ControlBodyCodec.decodeBody(op, 3, CLIENT_SID, body, 0, body.length);
    assertEquals(p, back);
    assertArrayEquals(p.acks(), back.acks());
    assertArrayEquals(p.payload(), back.payload());

    // the same body in the middle of a larger buffer
    byte[] framed = new byte[body.length + 20];
    Arrays.fill(framed, (byte) 0x77);
    System.arraycopy(body, 0, framed, 13, body.length);
    assertEquals(p, ControlBodyCodec.decodeBody(op, 3, CLIENT_SID, framed, 13, body.length));

    // encodeBody(ByteBuffer) writes at the buffer's position and advances it
    ByteBuffer bb = ByteBuffer.allocate(body.length + 5).position(5);
    ControlBodyCodec.encodeBody(p, bb);
    assertEquals(body.length + 5, bb.position());
    assertArrayEquals(body, Arrays.copyOfRange(bb.array(), 5, bb.capacity()));
  }

  /** Wire doc 1.3, "Unwrapped examples seen on the wire". */
  @Test
  void docExampleClientHardReset() throws WireFormatException {
    ControlPacket reset =
        new ControlPacket(
            Opcode.CONTROL_HARD_RESET_CLIENT_V2, 0, CLIENT_SID, new long[0], 0, 0, new byte[0]);
    byte[] wire = withHeader(reset);
    assertEquals(14, wire.length);
    assertEquals("38" + "0102030405060708" + "00" + "00000000", HEX.formatHex(wire));
    assertEquals(reset, decodeWire(wire));
  }

  @Test
  void docExampleServerHardReset() throws WireFormatException {
    ControlPacket reset =
        new ControlPacket(
            Opcode.CONTROL_HARD_RESET_SERVER_V2,
            0,
            SERVER_SID,
            new long[] {0},
            CLIENT_SID,
            0,
            new byte[0]);
    byte[] body = ControlBodyCodec.encodeBody(reset);
    assertEquals("01" + "00000000" + "0102030405060708" + "00000000", HEX.formatHex(body));
    byte[] wire = withHeader(reset);
    assertEquals(26, wire.length);
    assertEquals("40" + "a1b2c3d4e5f60718" + HEX.formatHex(body), HEX.formatHex(wire));
    assertEquals(reset, decodeWire(wire));
  }

  @Test
  void docExampleClientThirdPacket() throws WireFormatException {
    byte[] hello = HEX.parseHex("160301");
    ControlPacket p =
        new ControlPacket(Opcode.CONTROL_V1, 0, CLIENT_SID, new long[] {0}, SERVER_SID, 1, hello);
    assertEquals(
        "20" + "0102030405060708" + "01" + "00000000" + "a1b2c3d4e5f60718" + "00000001" + "160301",
        HEX.formatHex(withHeader(p)));
    assertEquals(p, decodeWire(withHeader(p)));
  }

  /** Every prefix that cuts into the ack block or the message id is a WireFormatException. */
  @ParameterizedTest
  @MethodSource("shapes")
  void truncatedPrefixes(Opcode op, int nAcks, int payloadLen) throws WireFormatException {
    ControlPacket p = packet(op, nAcks, payloadLen);
    byte[] body = ControlBodyCodec.encodeBody(p);
    int header = body.length - payloadLen;
    for (int len = 0; len < header; len++) {
      int l = len;
      // the full body stays in the array: the codec must honour len, not the array length
      assertThrows(
          WireFormatException.class,
          () -> ControlBodyCodec.decodeBody(op, 3, CLIENT_SID, body, 0, l),
          "prefix " + l);
    }
    for (int len = header; len < body.length; len++) {
      ControlPacket cut = ControlBodyCodec.decodeBody(op, 3, CLIENT_SID, body, 0, len);
      assertArrayEquals(Arrays.copyOf(p.payload(), len - header), cut.payload());
      assertEquals(p.messageId(), cut.messageId());
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {9, 10, 255})
  void moreThanEightAcksIsRejected(int n) {
    byte[] body = new byte[1 + 4 * n + 8 + 4];
    body[0] = (byte) n;
    assertThrows(
        WireFormatException.class,
        () -> ControlBodyCodec.decodeBody(Opcode.CONTROL_V1, 0, 1, body, 0, body.length));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ControlPacket(
                Opcode.ACK_V1, 0, 1, new long[n], 2, -1, new byte[0])); // never encodable
  }

  @Test
  void ackWithoutAcksIsRejected() {
    for (byte[] body : new byte[][] {{0}, {0, 0, 0, 0, 1}, {0, 1, 2, 3, 4, 5, 6, 7, 8}}) {
      assertThrows(
          WireFormatException.class,
          () -> ControlBodyCodec.decodeBody(Opcode.ACK_V1, 0, 1, body, 0, body.length));
    }
  }

  @Test
  void packetValidation() {
    byte[] none = new byte[0];
    long[] noAcks = new long[0];
    assertThrows(
        IllegalArgumentException.class,
        () -> new ControlPacket(Opcode.DATA_V2, 0, 1, noAcks, 0, 0, none));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ControlPacket(Opcode.CONTROL_V1, 8, 1, noAcks, 0, 0, none));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ControlPacket(Opcode.CONTROL_V1, -1, 1, noAcks, 0, 0, none));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ControlPacket(Opcode.CONTROL_V1, 0, 1, noAcks, 0, -1, none));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ControlPacket(Opcode.ACK_V1, 0, 1, new long[] {1}, 2, 0, none));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ControlPacket(Opcode.CONTROL_V1, 0, 1, noAcks, 0, 0x1_0000_0000L, none));
  }

  /** Random bodies: a packet or a WireFormatException, never anything else. */
  @Test
  void randomBodiesNeverThrowAnythingElse() {
    Random rnd = new Random(20261125L);
    Opcode[] ops = {Opcode.CONTROL_V1, Opcode.ACK_V1, Opcode.CONTROL_HARD_RESET_CLIENT_V2};
    IntStream.range(0, 20_000)
        .forEach(
            i -> {
              byte[] b = new byte[rnd.nextInt(60)];
              rnd.nextBytes(b);
              if (b.length > 0 && rnd.nextBoolean()) {
                b[0] = (byte) rnd.nextInt(10); // mostly plausible ack counts
              }
              Opcode op = ops[i % ops.length];
              try {
                ControlPacket p = ControlBodyCodec.decodeBody(op, 0, 1, b, 0, b.length);
                assertArrayEquals(b, ControlBodyCodec.encodeBody(p));
              } catch (WireFormatException expected) {
                // fine: counted as a drop by the caller
              }
            });
  }

  private static byte[] withHeader(ControlPacket p) {
    byte[] body = ControlBodyCodec.encodeBody(p);
    return ByteBuffer.allocate(9 + body.length)
        .put((byte) p.opcode().firstByte(p.keyId()))
        .putLong(p.sessionId())
        .put(body)
        .array();
  }

  private static ControlPacket decodeWire(byte[] wire) throws WireFormatException {
    Opcode op = Opcode.ofFirstByte(wire[0]);
    long sid = ByteBuffer.wrap(wire, 1, 8).getLong();
    return ControlBodyCodec.decodeBody(op, Opcode.keyIdOf(wire[0]), sid, wire, 9, wire.length - 9);
  }
}
