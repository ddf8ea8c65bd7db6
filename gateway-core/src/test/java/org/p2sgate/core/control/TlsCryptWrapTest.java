package org.p2sgate.core.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2sgate.core.control.WrapFixtures.CLIENT_SID;
import static org.p2sgate.core.control.WrapFixtures.SERVER_SID;
import static org.p2sgate.core.control.WrapFixtures.concat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** tls-crypt, wire doc 3.4. */
class TlsCryptWrapTest {
  private final StaticKey key = WrapFixtures.key(1);
  private final TlsCryptWrap server = new TlsCryptWrap(key);
  private final TlsCryptWrap client = new TlsCryptWrap(WrapFixtures.swapHalves(key));

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 15, 16, 17, 100, 1140})
  void serverToClientAndBack(int payloadLen) {
    byte[] body = WrapFixtures.body(payloadLen);
    byte[] s2c = server.wrap(0x20, SERVER_SID, 3, 1_700_000_000L, body);
    assertEquals(9 + 40 + body.length, s2c.length);
    Unwrapped u = client.unwrap(s2c, 0, s2c.length);
    assertNotNull(u);
    assertEquals(0x20, u.firstByte());
    assertEquals(SERVER_SID, u.sessionId());
    assertEquals(3, u.replayPid());
    assertEquals(1_700_000_000L, u.replayTime());
    assertArrayEquals(body, u.body());

    byte[] c2s = client.wrap(0x22, CLIENT_SID, 0xffffffffL, 0x80000001L, body);
    Unwrapped v = server.unwrap(c2s, 0, c2s.length);
    assertNotNull(v);
    assertEquals(0x22, v.firstByte());
    assertEquals(CLIENT_SID, v.sessionId());
    assertEquals(0xffffffffL, v.replayPid()); // u32 fields stay unsigned
    assertEquals(0x80000001L, v.replayTime());
    assertArrayEquals(body, v.body());
  }

  @Test
  void aSideCannotReadItsOwnPackets() {
    byte[] body = WrapFixtures.body(20);
    byte[] s2c = server.wrap(0x20, SERVER_SID, 1, 1, body);
    assertNull(server.unwrap(s2c, 0, s2c.length)); // directions use different keys
    byte[] c2s = client.wrap(0x20, CLIENT_SID, 1, 1, body);
    assertNull(client.unwrap(c2s, 0, c2s.length));
  }

  @Test
  void anotherKeyIsRejected() {
    TlsCryptWrap stranger = new TlsCryptWrap(WrapFixtures.swapHalves(WrapFixtures.key(2)));
    byte[] c2s = stranger.wrap(0x38, CLIENT_SID, 1, 1, WrapFixtures.clientResetBody());
    assertNull(server.unwrap(c2s, 0, c2s.length));
  }

  /** Wire doc 3.4 / 12.2: a client reset is 54 bytes, the server's reply 66 [verified]. */
  @Test
  void resetSizes() {
    byte[] clientReset = client.wrap(0x38, CLIENT_SID, 1, 1, WrapFixtures.clientResetBody());
    assertEquals(54, clientReset.length);
    byte[] serverReset = server.wrap(0x40, SERVER_SID, 1, 1, WrapFixtures.serverResetBody());
    assertEquals(66, serverReset.length);
    assertEquals(40, server.wireOverhead());
    assertEquals(56, server.budgetOverhead());
    assertTrue(server.hasReplayId());
  }

  /** The wire layout recomputed here with javax.crypto from the doc formula, both directions. */
  @Test
  void knownAnswerFromTheDocFormula() throws Exception {
    byte[] k = key.bytes();
    byte[] body = WrapFixtures.serverResetBody();
    byte[] expected = docWrap(k, 0, 64, 0x40, SERVER_SID, 1, 1_764_000_000L, body);
    assertArrayEquals(expected, server.wrap(0x40, SERVER_SID, 1, 1_764_000_000L, body));

    byte[] hello = WrapFixtures.body(300);
    byte[] fromClient = docWrap(k, 128, 192, 0x20, CLIENT_SID, 2, 1_764_000_001L, hello);
    Unwrapped u = server.unwrap(fromClient, 0, fromClient.length);
    assertNotNull(u);
    assertArrayEquals(hello, u.body());
    assertEquals(2, u.replayPid());
  }

  /** {@code op||sid||pid||time||TAG||AES-256-CTR(Ke, TAG[0:16], body)}, TAG over header||body. */
  private static byte[] docWrap(
      byte[] k, int keOff, int kaOff, int op, long sid, long pid, long time, byte[] plain)
      throws Exception {
    byte[] header =
        ByteBuffer.allocate(17)
            .put((byte) op)
            .putLong(sid)
            .putInt((int) pid)
            .putInt((int) time)
            .array();
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Arrays.copyOfRange(k, kaOff, kaOff + 32), "HmacSHA256"));
    mac.update(header);
    byte[] tag = mac.doFinal(plain);
    Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
    ctr.init(
        Cipher.ENCRYPT_MODE,
        new SecretKeySpec(Arrays.copyOfRange(k, keOff, keOff + 32), "AES"),
        new IvParameterSpec(Arrays.copyOf(tag, 16)));
    return concat(header, tag, ctr.doFinal(plain));
  }

  @Test
  void unwrapHonoursTheOffset() {
    byte[] c2s = client.wrap(0x20, CLIENT_SID, 5, 6, WrapFixtures.body(33));
    byte[] framed = concat(new byte[] {1, 2, 3}, c2s, new byte[] {9, 9});
    Unwrapped u = server.unwrap(framed, 3, c2s.length);
    assertNotNull(u);
    assertArrayEquals(WrapFixtures.body(33), u.body());
    assertNull(server.unwrap(framed, 3, c2s.length + 1)); // a trailing byte breaks the tag
  }

  @Test
  void everySingleByteTamperIsRejected() {
    byte[] c2s = client.wrap(0x20, CLIENT_SID, 5, 6, WrapFixtures.body(40));
    WrapFixtures.assertEveryTamperRejected(server, c2s);
    byte[] s2c = server.wrap(0x40, SERVER_SID, 1, 1, WrapFixtures.serverResetBody());
    WrapFixtures.assertEveryTamperRejected(client, s2c);
  }

  @Test
  void truncatedPacketsAreRejected() {
    WrapFixtures.assertEveryPrefixRejected(
        server, client.wrap(0x20, CLIENT_SID, 5, 6, WrapFixtures.body(40)));
    WrapFixtures.assertEveryPrefixRejected(
        server, client.wrap(0x38, CLIENT_SID, 1, 1, WrapFixtures.clientResetBody()));
    WrapFixtures.assertGarbageRejected(server);
  }

  /** One instance serves many packets: the cached Mac/Cipher must not carry state over. */
  @Test
  void instancesAreReusableAfterARejection() {
    byte[] good = client.wrap(0x20, CLIENT_SID, 1, 1, WrapFixtures.body(10));
    byte[] bad = good.clone();
    bad[bad.length - 1] ^= 1;
    for (int i = 0; i < 3; i++) {
      assertNull(server.unwrap(bad, 0, bad.length));
      assertNotNull(server.unwrap(good, 0, good.length));
      assertNull(server.unwrap(good, 0, 20));
      assertNotNull(server.unwrap(good, 0, good.length));
    }
  }
}
