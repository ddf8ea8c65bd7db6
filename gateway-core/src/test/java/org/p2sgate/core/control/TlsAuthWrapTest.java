package org.p2sgate.core.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2sgate.core.control.WrapFixtures.CLIENT_SID;
import static org.p2sgate.core.control.WrapFixtures.SERVER_SID;
import static org.p2sgate.core.control.WrapFixtures.concat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** tls-auth, wire doc 3.3. The client's view of {@code tls-auth ta.key 0} is direction 1. */
class TlsAuthWrapTest {
  private final StaticKey key = WrapFixtures.key(3);

  @ParameterizedTest
  @CsvSource({"SHA1, 20", "SHA256, 32", "SHA512, 64", "sha256, 32", "SHA-256, 32"})
  void roundTripBothWays(String digest, int hmacLen) {
    TlsAuthWrap server = new TlsAuthWrap(key, 0, digest);
    TlsAuthWrap client = new TlsAuthWrap(key, 1, digest);
    assertEquals(hmacLen + 8, server.wireOverhead());
    assertEquals(hmacLen + 8, server.budgetOverhead());
    assertTrue(server.hasReplayId());
    for (int payloadLen : new int[] {0, 1, 1100}) {
      byte[] body = WrapFixtures.body(payloadLen);
      byte[] s2c = server.wrap(0x20, SERVER_SID, 0xfffffffeL, 0x80000000L, body);
      assertEquals(9 + hmacLen + 8 + body.length, s2c.length);
      Unwrapped u = client.unwrap(s2c, 0, s2c.length);
      assertNotNull(u);
      assertEquals(0x20, u.firstByte());
      assertEquals(SERVER_SID, u.sessionId());
      assertEquals(0xfffffffeL, u.replayPid());
      assertEquals(0x80000000L, u.replayTime());
      assertArrayEquals(body, u.body());

      byte[] c2s = client.wrap(0x38, CLIENT_SID, 1, 1_764_000_000L, body);
      Unwrapped v = server.unwrap(c2s, 0, c2s.length);
      assertNotNull(v);
      assertEquals(CLIENT_SID, v.sessionId());
      assertArrayEquals(body, v.body());
    }
  }

  @Test
  void sameDirectionOnBothSidesDoesNotInteroperate() {
    TlsAuthWrap a = new TlsAuthWrap(key, 0, "SHA1");
    TlsAuthWrap b = new TlsAuthWrap(key, 0, "SHA1");
    byte[] p = a.wrap(0x20, SERVER_SID, 1, 1, WrapFixtures.body(5));
    assertNull(b.unwrap(p, 0, p.length));
    assertNull(a.unwrap(p, 0, p.length)); // nor can a side read its own packets
  }

  @Test
  void bidirectionalKeyWorksBothWays() {
    TlsAuthWrap a = new TlsAuthWrap(key, -1, "SHA256");
    TlsAuthWrap b = new TlsAuthWrap(key, -1, "SHA256");
    byte[] p = a.wrap(0x20, SERVER_SID, 1, 1, WrapFixtures.body(5));
    assertNotNull(b.unwrap(p, 0, p.length));
    assertNotNull(a.unwrap(p, 0, p.length));
  }

  /**
   * The layout recomputed independently: {@code op||sid||HMAC||pid||time||body}, HMAC over {@code
   * pid||time||op||sid||body} with keys[0].hmac (offset 64) for direction 0 and keys[1].hmac
   * (offset 192) for direction 1; a bidirectional key uses 64 both ways.
   */
  @ParameterizedTest
  @CsvSource({
    "SHA1, 0, 64, 192",
    "SHA1, 1, 192, 64",
    "SHA256, 0, 64, 192",
    "SHA256, 1, 192, 64",
    "SHA512, 0, 64, 192",
    "SHA1, -1, 64, 64",
  })
  void hmacLayoutPerDoc(String digest, int direction, int outOff, int inOff) throws Exception {
    TlsAuthWrap wrap = new TlsAuthWrap(key, direction, digest);
    byte[] body = WrapFixtures.body(77);
    byte[] expected = docWrap(digest, outOff, 0x40, SERVER_SID, 9, 1_764_000_000L, body);
    assertArrayEquals(expected, wrap.wrap(0x40, SERVER_SID, 9, 1_764_000_000L, body));

    byte[] incoming = docWrap(digest, inOff, 0x20, CLIENT_SID, 10, 1_764_000_001L, body);
    Unwrapped u = wrap.unwrap(incoming, 0, incoming.length);
    assertNotNull(u);
    assertArrayEquals(body, u.body());
    assertEquals(10, u.replayPid());
    assertEquals(1_764_000_001L, u.replayTime());
  }

  private byte[] docWrap(String digest, int keyOff, int op, long sid, long pid, long time, byte[] b)
      throws Exception {
    String alg = "Hmac" + digest;
    Mac mac = Mac.getInstance(alg);
    int h = mac.getMacLength();
    mac.init(new SecretKeySpec(Arrays.copyOfRange(key.bytes(), keyOff, keyOff + h), alg));
    byte[] replay = ByteBuffer.allocate(8).putInt((int) pid).putInt((int) time).array();
    byte[] header = ByteBuffer.allocate(9).put((byte) op).putLong(sid).array();
    mac.update(replay);
    mac.update(header);
    byte[] hmac = mac.doFinal(b);
    return concat(header, hmac, replay, b);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SHA1", "SHA256"})
  void everySingleByteTamperIsRejected(String digest) {
    TlsAuthWrap server = new TlsAuthWrap(key, 0, digest);
    TlsAuthWrap client = new TlsAuthWrap(key, 1, digest);
    WrapFixtures.assertEveryTamperRejected(
        server, client.wrap(0x38, CLIENT_SID, 1, 1, WrapFixtures.clientResetBody()));
    WrapFixtures.assertEveryTamperRejected(
        client, server.wrap(0x40, SERVER_SID, 1, 1, WrapFixtures.serverResetBody()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SHA1", "SHA512"})
  void truncatedPacketsAreRejected(String digest) {
    TlsAuthWrap server = new TlsAuthWrap(key, 0, digest);
    TlsAuthWrap client = new TlsAuthWrap(key, 1, digest);
    WrapFixtures.assertEveryPrefixRejected(
        server, client.wrap(0x20, CLIENT_SID, 3, 4, WrapFixtures.body(30)));
    WrapFixtures.assertGarbageRejected(server);
  }

  @Test
  void unwrapHonoursTheOffset() {
    TlsAuthWrap server = new TlsAuthWrap(key, 0, "SHA1");
    byte[] c2s = new TlsAuthWrap(key, 1, "SHA1").wrap(0x20, CLIENT_SID, 1, 2, WrapFixtures.body(9));
    byte[] framed = concat(new byte[] {7, 7, 7, 7}, c2s, new byte[] {1});
    Unwrapped u = server.unwrap(framed, 4, c2s.length);
    assertNotNull(u);
    assertArrayEquals(WrapFixtures.body(9), u.body());
    assertNull(server.unwrap(framed, 4, c2s.length + 1));
  }

  @Test
  void unknownDigestIsAConfigurationError() {
    assertThrows(IllegalArgumentException.class, () -> new TlsAuthWrap(key, 0, "NOPE"));
  }
}
