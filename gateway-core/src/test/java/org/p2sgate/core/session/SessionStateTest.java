package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every change of {@link SessionState}: the legal ones go, every other one is refused. */
class SessionStateTest {
  private static final Map<SessionState, Set<SessionState>> LEGAL =
      Map.of(
          SessionState.HANDSHAKING,
          EnumSet.of(SessionState.AUTHENTICATING, SessionState.REFUSED, SessionState.CLOSED),
          SessionState.AUTHENTICATING,
          EnumSet.of(SessionState.ESTABLISHED, SessionState.REFUSED, SessionState.CLOSED),
          SessionState.ESTABLISHED,
          EnumSet.of(SessionState.REFUSED, SessionState.CLOSED),
          SessionState.REFUSED,
          EnumSet.of(SessionState.CLOSED),
          SessionState.CLOSED,
          EnumSet.noneOf(SessionState.class));

  @Test
  void everyPairIsLegalOrRefused() {
    for (SessionState from : SessionState.values()) {
      for (SessionState to : SessionState.values()) {
        boolean legal = LEGAL.get(from).contains(to);
        assertEquals(legal, from.canMoveTo(to), from + " -> " + to);
        if (legal) {
          assertEquals(to, from.to(to));
        } else {
          IllegalStateException e = assertThrows(IllegalStateException.class, () -> from.to(to));
          assertTrue(e.getMessage().contains(from + " to " + to), e.getMessage());
        }
      }
    }
  }

  @Test
  void theLoginWalksForwardOnly() {
    SessionState s = SessionState.HANDSHAKING;
    s = s.to(SessionState.AUTHENTICATING).to(SessionState.ESTABLISHED);
    assertFalse(s.canMoveTo(SessionState.AUTHENTICATING), "no second login on a session");
    assertFalse(s.canMoveTo(SessionState.HANDSHAKING));
    s = s.to(SessionState.REFUSED).to(SessionState.CLOSED);
    for (SessionState any : SessionState.values()) {
      assertFalse(s.canMoveTo(any), "CLOSED is the end, not " + any);
    }
  }

  @Test
  void nothingSkipsTheLogin() {
    assertFalse(SessionState.HANDSHAKING.canMoveTo(SessionState.ESTABLISHED));
    assertFalse(SessionState.REFUSED.canMoveTo(SessionState.ESTABLISHED));
    assertFalse(SessionState.REFUSED.canMoveTo(SessionState.REFUSED));
  }
}
