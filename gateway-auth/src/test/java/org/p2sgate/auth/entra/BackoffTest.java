package org.p2sgate.auth.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.MutableClock;

/** The backoff between failed fetches, on an injected clock. */
class BackoffTest {

  @Test
  void waitsDoubleFromOneSecondUpToSixtyAndASuccessResetsThem() {
    MutableClock clock = new MutableClock();
    Backoff backoff = new Backoff(clock);
    assertEquals(Duration.ZERO, backoff.remaining());
    assertFalse(backoff.failing());
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      Duration wait = backoff.failed();
      waits.add(wait.toSeconds());
      assertEquals(wait, backoff.remaining());
      clock.advance(wait.minusMillis(1));
      assertEquals(Duration.ofMillis(1), backoff.remaining(), "still waiting 1 ms before the end");
      clock.advance(Duration.ofMillis(1));
      assertEquals(Duration.ZERO, backoff.remaining());
    }
    assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), waits);
    assertTrue(backoff.failing());

    backoff.succeeded();
    assertFalse(backoff.failing());
    assertEquals(Duration.ZERO, backoff.remaining());
    assertEquals(Duration.ofSeconds(1), backoff.failed(), "a success starts the doubling afresh");
  }

  @Test
  void manyFailuresInARowStayAtTheMaximum() {
    Backoff backoff = new Backoff(new MutableClock());
    for (int i = 0; i < 1000; i++) {
      backoff.failed();
    }
    assertEquals(Backoff.MAX, backoff.failed());
    assertEquals(Backoff.MAX, backoff.delay(Integer.MAX_VALUE));
  }
}
