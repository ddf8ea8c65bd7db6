package org.p2sgate.core.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.config.TlsWrapConfig;

/** No wrapping (wire doc 3.2) and the factory for the configured mode. */
class PlainWrapTest {
  @Test
  void plainIsHeaderAndBody() {
    PlainWrap w = new PlainWrap();
    byte[] p = w.wrap(0x38, 0x0102030405060708L, 99, 99, WrapFixtures.clientResetBody());
    assertEquals("38010203040506070800" + "00000000", HexFormat.of().formatHex(p));
    Unwrapped u = w.unwrap(p, 0, p.length);
    assertNotNull(u);
    assertEquals(0x38, u.firstByte());
    assertEquals(0x0102030405060708L, u.sessionId());
    assertEquals(0, u.replayPid()); // replay fields are ignored without a wrap
    assertEquals(0, u.replayTime());
    assertArrayEquals(WrapFixtures.clientResetBody(), u.body());
    assertEquals(0, w.wireOverhead());
    assertFalse(w.hasReplayId());
  }

  @Test
  void tooShortForHeaderAndAckCountIsNull() {
    PlainWrap w = new PlainWrap();
    byte[] p = w.wrap(0x20, 1, 0, 0, WrapFixtures.body(3));
    for (int len = 0; len < 10; len++) {
      assertNull(w.unwrap(p, 0, len), "prefix " + len);
    }
    assertArrayEquals(new byte[] {1}, w.unwrap(p, 0, 10).body());
    byte[] framed = WrapFixtures.concat(new byte[] {5}, p);
    assertArrayEquals(WrapFixtures.body(3), w.unwrap(framed, 1, p.length).body());
  }

  @Test
  void factoryBuildsTheConfiguredMode() {
    StaticKey k = WrapFixtures.key(9);
    assertInstanceOf(PlainWrap.class, ControlWraps.forServer(TlsWrapConfig.NONE));
    ControlWrap auth =
        ControlWraps.forServer(new TlsWrapConfig(TlsWrapConfig.Mode.TLS_AUTH, k, 0, "SHA256"));
    assertInstanceOf(TlsAuthWrap.class, auth);
    assertEquals(40, auth.wireOverhead());
    ControlWrap crypt =
        ControlWraps.forServer(new TlsWrapConfig(TlsWrapConfig.Mode.TLS_CRYPT, k, -1, "SHA1"));
    assertInstanceOf(TlsCryptWrap.class, crypt);

    // the factory's tls-auth wrap speaks to a direction-1 client with the same key
    byte[] c2s = new TlsAuthWrap(k, 1, "SHA256").wrap(0x38, 5, 1, 1, new byte[5]);
    assertNotNull(auth.unwrap(c2s, 0, c2s.length));
    byte[] c2sCrypt = new TlsCryptWrap(WrapFixtures.swapHalves(k)).wrap(0x38, 5, 1, 1, new byte[5]);
    assertNotNull(crypt.unwrap(c2sCrypt, 0, c2sCrypt.length));
  }
}
