package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.keyexchange.Key2;
import org.p2sgate.core.keyexchange.KeyDerivation;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.core.testing.TestPki;
import org.slf4j.LoggerFactory;

/** What a client writes cannot forge log lines; key material does not linger. */
class SecretsAndLogsTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 45000);

  @Test
  void aRefusedCertificatesSubjectCannotForgeALogLine() {
    Logger logger = (Logger) LoggerFactory.getLogger(ClientSession.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try {
      TestGateway gw = TestGateway.builder().build();
      TestPki.Credential evil =
          TestPki.create("foreign-ca").client("mallory\nAUTH refused: user admin source 10.0.0.1");
      gw.connect(PEER, gw.clientConfig("x").withCert(evil));
      assertTrue(gw.runUntil(() -> !logs.list.isEmpty(), 5_000), "refused and logged");
      List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertTrue(lines.stream().anyMatch(l -> l.contains("mallory?AUTH refused")), lines::toString);
      assertFalse(lines.stream().anyMatch(l -> l.contains("\n")), lines::toString);
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void exportedKeyingMaterialIsHandedOutOnceAndNotKept() {
    TestGateway gw = TestGateway.builder().build();
    gw.establish(PEER, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    assertThrows(
        IllegalStateException.class,
        () -> s.primary.tls.exportKeyingMaterial(KeyDerivation.EKM_LABEL, Key2.SIZE),
        "taken once to derive the data keys, then zeroed");
  }
}
