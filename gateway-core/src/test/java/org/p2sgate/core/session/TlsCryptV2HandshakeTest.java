package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2sgate.core.config.TlsCryptV2Config;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.control.ClientKeyWrapping;
import org.p2sgate.core.control.TlsCryptV2ClientKey;
import org.p2sgate.core.control.TlsCryptV2Metadata;
import org.p2sgate.core.control.TlsCryptV2ServerKey;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * Whole sessions of a tls-crypt-v2 client against the in-memory client: the TLS handshake, data,
 * and renegotiations by either side all under the client's own {@code Kc}, over UDP (the WKc sent
 * again with the cookie) and TCP, and under loss.
 */
class TlsCryptV2HandshakeTest {
  static final SecureRandom RANDOM = new SecureRandom();

  static TestGateway gateway(TlsCryptV2ServerKey key, Duration reneg) {
    TlsCryptV2Config v2 = new TlsCryptV2Config(key, List.of(), 0);
    return TestGateway.builder()
        .wrap(new TlsWrapConfig(TlsWrapConfig.Mode.NONE, null, -1, "SHA1", v2))
        .renegSec(reneg)
        .build();
  }

  static TestOpenVpnClient client(TestGateway gw, TestPeer peer, TlsCryptV2ServerKey key) {
    TlsCryptV2ClientKey ck =
        TlsCryptV2ClientKey.generate(
            new ClientKeyWrapping(key), TlsCryptV2Metadata.user("user=alice key=0000beef"), RANDOM);
    return new TestOpenVpnClient(gw.clientConfig("alice").withTcp(peer.stream()), gw.now())
        .tlsCryptV2(ck);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"udp", "tcp"})
  void handshakeDataAndRenegotiationsUnderTheClientsKey(String proto) {
    TlsCryptV2ServerKey key = TlsCryptV2ServerKey.generate(RANDOM);
    TestGateway gw = gateway(key, Duration.ofSeconds(20));
    TestPeer peer =
        proto.equals("udp") ? TestPeer.udp("198.18.0.2", 41000) : TestPeer.tcp("198.18.0.2", 41000);
    TestOpenVpnClient c = gw.establish(peer, client(gw, peer, key));
    ClientSession s = gw.sessions.sessions().get(0);
    assertTrue(s.control.ownsWrap());
    assertEquals("alice", s.commonName());
    RenegotiationTest.roundTrip(gw, c, "first key");
    // the gateway renegotiates at reneg-sec, then the client does
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1 && s.currentKeyId() == 1, 30_000), c::toString);
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 2 && s.currentKeyId() == 2, 10_000), c::toString);
    RenegotiationTest.roundTrip(gw, c, "key 2");
    for (DropReason r :
        List.of(
            DropReason.WKC_AUTH_FAILED,
            DropReason.WKC_MALFORMED,
            DropReason.WRAP_AUTH_FAILED,
            DropReason.TLS_CRYPT_V2_NO_RESEND)) {
      assertEquals(0, gw.drops().get(r), r.name());
    }
  }

  @ParameterizedTest(name = "{0}% loss")
  @ValueSource(ints = {20})
  void theWkcIsSentAgainUntilItGetsThrough(int lossPercent) {
    TlsCryptV2ServerKey key = TlsCryptV2ServerKey.generate(RANDOM);
    TestGateway gw = gateway(key, Duration.ZERO);
    TestPeer peer = TestPeer.udp("198.18.0.2", 41000);
    gw.loss(lossPercent / 100.0, 7);
    TestOpenVpnClient c = gw.establish(peer, client(gw, peer, key));
    gw.loss(0, 0);
    RenegotiationTest.roundTrip(gw, c, "after loss");
    assertEquals(1, gw.sessions.sessionCount());
  }
}
