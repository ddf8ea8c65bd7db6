package org.p2sgate.core.keyexchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The key-method-2 message of wire doc 5.3, built byte by byte here. */
class KeyMethod2Test {
  static final String OPTIONS =
      "V4,dev-type tun,link-mtu 1541,tun-mtu 1500,proto UDPv4,auth SHA1,keysize 128,key-method 2,"
          + "tls-client";
  static final String PEER_INFO =
      "IV_VER=2.6.14\nIV_PLAT=linux\nIV_NCP=2\nIV_CIPHERS=AES-256-GCM:AES-128-GCM\nIV_PROTO=990\n";
  static final String PASSWORD = "s3cr3t-Passw0rd";

  /** A client message; {@code null} strings are written as u16 0, as the 2.6 writer does. */
  static byte[] clientMessage(int method, String opt, String user, String pass, String info) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 0, 0, 0, (byte) method});
    for (int i = 0; i < 48 + 32 + 32; i++) {
      out.write(i < 48 ? 0x10 + i : i < 80 ? 0xa0 : 0xb0); // pre_master, random1, random2
    }
    for (String s : new String[] {opt, user, pass, info}) {
      writeString(out, s);
    }
    return out.toByteArray();
  }

  static void writeString(ByteArrayOutputStream out, String s) {
    if (s == null) {
      out.writeBytes(new byte[] {0, 0});
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.write((b.length + 1) >>> 8);
    out.write(b.length + 1);
    out.writeBytes(b);
    out.write(0);
  }

  private static KeyMethod2.ParseResult parse(byte[] b) {
    return KeyMethod2.parseClient(b, b.length);
  }

  @Test
  void completeMessageYieldsEveryField() {
    byte[] msg = clientMessage(2, OPTIONS, "alice", PASSWORD, PEER_INFO);
    assertEquals(
        5 + 48 + 64 + (2 + 101) + (2 + 6) + (2 + 16) + (2 + PEER_INFO.length() + 1), msg.length);
    KeyMethod2.Complete c = assertInstanceOf(KeyMethod2.Complete.class, parse(msg));
    assertEquals(msg.length, c.consumed());
    KeyMethod2.ClientMessage m = c.message();
    assertArrayEquals(Arrays.copyOfRange(msg, 5, 53), m.preMaster());
    assertArrayEquals(Arrays.copyOfRange(msg, 53, 85), m.random1());
    assertArrayEquals(Arrays.copyOfRange(msg, 85, 117), m.random2());
    assertEquals(OPTIONS, m.options());
    assertEquals("alice", m.username());
    assertEquals(PASSWORD, m.password());
    assertEquals(PEER_INFO, m.peerInfo());
    assertEquals(2, PeerInfo.parse(m.peerInfo()).ncp());

    m.wipe();
    assertArrayEquals(new byte[48], m.preMaster());
    assertArrayEquals(new byte[32], m.random1());
    assertArrayEquals(new byte[32], m.random2());
  }

  @Test
  void bytesAfterTheMessageAreNotConsumed() {
    byte[] msg = clientMessage(2, OPTIONS, null, null, PEER_INFO);
    byte[] withCommand = Arrays.copyOf(msg, msg.length + 13);
    System.arraycopy(
        "PUSH_REQUEST\0".getBytes(StandardCharsets.US_ASCII), 0, withCommand, msg.length, 13);
    KeyMethod2.Complete c = assertInstanceOf(KeyMethod2.Complete.class, parse(withCommand));
    assertEquals(msg.length, c.consumed());
    assertEquals("", c.message().username());
    assertEquals("", c.message().password());
  }

  /** Both encodings of an empty string are accepted (wire doc 5.3, 13.3). */
  @Test
  void emptyStringsAsZeroLengthOrLoneNul() {
    byte[] zero = clientMessage(2, OPTIONS, null, null, null);
    byte[] nul = clientMessage(2, OPTIONS, "", "", "");
    assertEquals(zero.length + 3, nul.length);
    for (byte[] b : new byte[][] {zero, nul}) {
      KeyMethod2.Complete c = assertInstanceOf(KeyMethod2.Complete.class, parse(b));
      assertEquals(b.length, c.consumed());
      assertEquals("", c.message().username());
      assertEquals("", c.message().password());
      assertEquals("", c.message().peerInfo());
    }
  }

  /**
   * Every proper prefix, as it could sit in the plaintext buffer while TLS records trickle in, asks
   * for more.
   */
  @Test
  void everyProperPrefixNeedsMore() {
    byte[] msg = clientMessage(2, OPTIONS, "alice", PASSWORD, PEER_INFO);
    for (int len = 0; len < msg.length; len++) {
      assertInstanceOf(
          KeyMethod2.NeedMore.class, KeyMethod2.parseClient(msg, len), "prefix " + len);
      assertInstanceOf(
          KeyMethod2.NeedMore.class, parse(Arrays.copyOf(msg, len)), "exact prefix " + len);
    }
  }

  /**
   * A 2.6 client always writes the peer-info length, even as u16 0 ({@code push_peer_info} / {@code
   * write_empty_string} in ssl.c), so a buffer that ends after the password is incomplete.
   */
  @Test
  void prefixEndingAfterThePasswordNeedsMore() {
    byte[] msg = clientMessage(2, OPTIONS, "alice", PASSWORD, PEER_INFO);
    int afterPassword = msg.length - (2 + PEER_INFO.length() + 1);
    assertInstanceOf(KeyMethod2.NeedMore.class, KeyMethod2.parseClient(msg, afterPassword));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 0x0f, 0x11})
  void otherKeyMethodsAreMalformed(int method) {
    assertInstanceOf(
        KeyMethod2.Malformed.class, parse(clientMessage(method, OPTIONS, null, null, PEER_INFO)));
  }

  @Test
  void highFlagBitsOfTheMethodByteAreIgnored() {
    // KEY_METHOD_MASK is 0x0f: the high bits are flags (wire doc 5.3)
    assertInstanceOf(
        KeyMethod2.Complete.class, parse(clientMessage(0x82, OPTIONS, null, null, PEER_INFO)));
  }

  @Test
  void nonZeroFirstWordIsMalformed() {
    for (int i = 0; i < 4; i++) {
      byte[] b = clientMessage(2, OPTIONS, null, null, PEER_INFO);
      b[i] = 1;
      assertInstanceOf(KeyMethod2.Malformed.class, parse(b), "byte " + i);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3})
  void unterminatedStringsAreMalformed(int which) {
    String[] s = {OPTIONS, "alice", PASSWORD, PEER_INFO};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Arrays.copyOf(clientMessage(2, "x", null, null, null), 117));
    for (int i = 0; i < 4; i++) {
      if (i == which) {
        byte[] raw = s[i].getBytes(StandardCharsets.UTF_8);
        out.write(raw.length >>> 8);
        out.write(raw.length);
        out.writeBytes(raw); // no trailing NUL
      } else {
        writeString(out, s[i]);
      }
    }
    assertInstanceOf(KeyMethod2.Malformed.class, parse(out.toByteArray()));
  }

  @Test
  void optionsLongerThan512AreMalformed() {
    String max = "V4," + "x".repeat(511 - 3); // 511 chars + NUL = TLS_OPTIONS_LEN
    assertInstanceOf(KeyMethod2.Complete.class, parse(clientMessage(2, max, null, null, null)));
    assertInstanceOf(
        KeyMethod2.Malformed.class, parse(clientMessage(2, max + "y", null, null, null)));
    // the length alone decides, before the string has arrived
    byte[] header = Arrays.copyOf(clientMessage(2, max + "y", null, null, null), 117 + 2);
    assertInstanceOf(KeyMethod2.Malformed.class, parse(header));
  }

  @Test
  void anIncompleteMessagePastTheCapIsMalformed() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Arrays.copyOf(clientMessage(2, OPTIONS, null, null, null), 117));
    writeString(out, OPTIONS);
    writeString(out, "u".repeat(65_000));
    out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff}); // a 64 KiB password announced
    out.writeBytes(new byte[1000]);
    byte[] b = out.toByteArray();
    assertInstanceOf(KeyMethod2.Malformed.class, parse(b));
  }

  @Test
  void toStringNeverShowsThePassword() {
    KeyMethod2.Complete c =
        assertInstanceOf(
            KeyMethod2.Complete.class,
            parse(clientMessage(2, OPTIONS, "alice", PASSWORD, PEER_INFO)));
    String s = c.message().toString();
    assertFalse(s.contains(PASSWORD), s);
    assertFalse(s.contains("Passw0rd"), s);
    assertFalse(c.toString().contains(PASSWORD), c.toString());
  }

  @Test
  void garbageNeverThrows() {
    Random rnd = new Random(5);
    for (int i = 0; i < 5000; i++) {
      byte[] b = new byte[rnd.nextInt(400)];
      rnd.nextBytes(b);
      if (b.length > 5 && rnd.nextBoolean()) {
        b[0] = b[1] = b[2] = b[3] = 0;
        b[4] = 2;
      }
      assertNotNull(parse(b));
    }
  }

  /** Wire doc 5.3: 4 + 1 + 32 + 32 + (2 + len + 1) + 2 + 2 + 2; 178 bytes for 100 characters. */
  @Test
  void serverMessageLayout() {
    byte[] r1 = new byte[32];
    byte[] r2 = new byte[32];
    Arrays.fill(r1, (byte) 0x11);
    Arrays.fill(r2, (byte) 0x22);
    String options = Negotiation.serverOptions(OPTIONS, false);
    assertEquals(100, options.length());
    byte[] m = KeyMethod2.encodeServer(r1, r2, options);
    assertEquals(178, m.length);
    assertArrayEquals(new byte[] {0, 0, 0, 0, 2}, Arrays.copyOf(m, 5));
    assertArrayEquals(r1, Arrays.copyOfRange(m, 5, 37));
    assertArrayEquals(r2, Arrays.copyOfRange(m, 37, 69));
    assertEquals(101, (m[69] & 0xff) << 8 | (m[70] & 0xff));
    assertEquals(options, new String(m, 71, 100, StandardCharsets.US_ASCII));
    assertArrayEquals(new byte[7], Arrays.copyOfRange(m, 171, 178)); // NUL, then three u16 0
    for (String o : new String[] {"", "V4", "x".repeat(300)}) {
      assertEquals(
          4 + 1 + 32 + 32 + (2 + o.length() + 1) + 6, KeyMethod2.encodeServer(r1, r2, o).length);
    }
  }
}
