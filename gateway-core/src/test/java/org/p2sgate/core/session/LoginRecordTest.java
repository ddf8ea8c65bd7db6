package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.config.AccessPolicy;
import org.p2sgate.core.config.ClientConfig;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestPeer;

/** The login record and what the client presented: made whole, never printing secrets. */
class LoginRecordTest {
  private static final String TOKEN = "SESS_ID_secret-token-value";

  private static LoginRecord alice() {
    return new LoginRecord(
        "alice",
        "certificate+radius",
        Map.of("Class", "eng"),
        Set.of("radius-class:eng", "cert-ou:Engineering"),
        AccessPolicy.Grant.OPEN,
        ClientConfig.NONE,
        "0123456789abcdef",
        TOKEN,
        5_000);
  }

  @Test
  void noneIsNoLogin() {
    assertFalse(LoginRecord.NONE.established());
    assertEquals(null, LoginRecord.NONE.identity());
    assertEquals("-", LoginRecord.NONE.method());
    assertEquals(AccessPolicy.Grant.OPEN, LoginRecord.NONE.access());
    assertEquals(ClientConfig.NONE, LoginRecord.NONE.clientConfig());
    assertTrue(alice().established());
  }

  @Test
  void theTokenNeverPrints() {
    String text = alice().toString();
    assertFalse(text.contains(TOKEN), text);
    assertTrue(text.contains("alice") && text.contains("<redacted>"), text);
    Presented p =
        new Presented(
            null, List.of(), "bob", TOKEN, new LoginProof("bob", "pw", new SecureRandom()));
    assertFalse(p.toString().contains(TOKEN), p.toString());
    assertFalse(p.toString().contains("pw"), p.toString());
  }

  @Test
  void factsAreSortedAndFixed() {
    LoginRecord r = alice();
    assertEquals(List.of("cert-ou:Engineering", "radius-class:eng"), List.copyOf(r.groupFacts()));
    assertThrows(UnsupportedOperationException.class, () -> r.groupFacts().add("x"));
    assertThrows(UnsupportedOperationException.class, () -> r.attributes().put("x", "y"));
  }

  @Test
  void continuedFactsChangeOnlyFactsAndGrant() {
    LoginRecord r = alice();
    AccessPolicy.Grant grant =
        new AccessPolicy.Grant(List.of("eng"), List.of(), AccessPolicy.Grant.OPEN.allow(), null);
    LoginRecord c = r.withFacts(Set.of("radius-class:ops"), grant);
    assertEquals(Set.of("radius-class:ops"), c.groupFacts());
    assertEquals(grant, c.access());
    assertEquals(
        List.of(r.identity(), r.method(), r.attributes(), r.tokenSession(), r.authToken()),
        List.of(c.identity(), c.method(), c.attributes(), c.tokenSession(), c.authToken()));
    assertEquals(r.establishedAt(), c.establishedAt());
  }

  @Test
  void admissionSetsTheRecordOnce() {
    TestGateway gw = TestGateway.builder().build();
    gw.establish(TestPeer.udp("198.18.0.2", 41000), gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    LoginRecord login = s.login();
    assertTrue(login.established());
    assertEquals("alice", login.identity());
    assertEquals("alice", s.presented.commonName());
    assertFalse(s.presented.certificateChain().isEmpty());
    int peerId = s.peerId();
    var address = s.tunnelAddress();
    assertThrows(IllegalStateException.class, () -> s.admitted(alice(), 7, 7, address, null));
    assertEquals(login, s.login(), "the record stays as admission set it");
    assertEquals(peerId, s.peerId());
    assertEquals(address, s.tunnelAddress());
  }
}
