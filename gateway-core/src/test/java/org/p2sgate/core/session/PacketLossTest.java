package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * The reliability layer and the stateless cookie under 20% loss in both directions: the handshake
 * still completes within the hand-window, by retransmission (wire doc 2.2) and repeated acks (2.3).
 */
class PacketLossTest {
  static Stream<Arguments> wrapsAndSeeds() {
    return Stream.of(TlsWrapConfig.Mode.values())
        .flatMap(w -> Stream.of(1L, 2L, 3L, 4L, 5L).map(s -> Arguments.of(w, s)));
  }

  @ParameterizedTest(name = "{0}, loss seed {1}")
  @MethodSource("wrapsAndSeeds")
  void handshakeCompletesWithTwentyPercentLoss(TlsWrapConfig.Mode wrap, long seed) {
    TestGateway gw = TestGateway.builder().wrap(wrap, seed).build();
    gw.loss(0.2, seed);
    TestOpenVpnClient c = gw.connect(TestPeer.udp("198.18.0.2", 41000), gw.clientConfig("alice"));
    boolean up = gw.runUntil(c::isConnected, 60_000);
    assertTrue(
        up,
        "no tunnel within the 60 s hand-window: "
            + c
            + ", lost "
            + gw.packetsLost()
            + " of "
            + (gw.packetsLost() + gw.packetsDelivered())
            + ", drops "
            + gw.drops().snapshot());
    assertTrue(gw.packetsLost() > 0, "the link really lost packets");
    gw.loss(0, 0);
    HandshakeTest.assertPushReply(c, "AES-256-GCM");
    HandshakeTest.assertDataBothWays(gw, c);
  }
}
