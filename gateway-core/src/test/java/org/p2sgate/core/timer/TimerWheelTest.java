package org.p2sgate.core.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerWheelTest {

  private final List<String> fired = new ArrayList<>();

  private TimerWheel.Node<String> node(String name) {
    return new TimerWheel.Node<>(name);
  }

  @Test
  void firesAtTheFirstTickAtOrAfterTheDeadlineAndOnlyOnce() {
    TimerWheel<String> w = new TimerWheel<>(10, 64, 0);
    w.schedule(node("a"), 25);
    assertEquals(0, w.advance(29, fired::add));
    assertEquals(1, w.advance(30, fired::add));
    assertEquals(List.of("a"), fired);
    assertEquals(0, w.advance(1_000, fired::add));
    assertEquals(0, w.size());
  }

  @Test
  void aDeadlineInThePastFiresOnTheNextAdvanceNotTheRunningOne() {
    TimerWheel<String> w = new TimerWheel<>(10, 64, 0);
    TimerWheel.Node<String> a = node("a");
    w.schedule(a, 5);
    int[] calls = {0};
    w.advance(
        10,
        s -> {
          calls[0]++;
          w.schedule(a, 0); // overdue again: must not spin inside this advance
        });
    assertEquals(1, calls[0]);
    assertTrue(a.isScheduled());
    assertEquals(1, w.advance(20, s -> calls[0]++));
    assertEquals(2, calls[0]);
  }

  @Test
  void deadlinesBeyondOneTurnWaitForTheirTurn() {
    TimerWheel<String> w = new TimerWheel<>(10, 8, 0); // one turn: 80 ms
    w.schedule(node("far"), 250);
    w.schedule(node("near"), 20);
    for (long t = 10; t < 250; t += 10) {
      w.advance(t, fired::add);
    }
    assertEquals(List.of("near"), fired);
    w.advance(250, fired::add);
    assertEquals(List.of("near", "far"), fired);
  }

  @Test
  void aJumpLongerThanATurnFiresEverythingDueOnce() {
    TimerWheel<String> w = new TimerWheel<>(10, 8, 0);
    for (int i = 0; i < 20; i++) {
      w.schedule(node("n" + i), 10L * i + 5);
    }
    w.schedule(node("later"), 10_000);
    assertEquals(20, w.advance(5_000, fired::add));
    assertEquals(1, w.size());
  }

  @Test
  void rescheduleAndCancelReplaceTheDeadline() {
    TimerWheel<String> w = new TimerWheel<>(10, 64, 0);
    TimerWheel.Node<String> a = node("a");
    TimerWheel.Node<String> b = node("b");
    w.schedule(a, 100);
    w.schedule(a, 300);
    w.schedule(b, 50);
    w.cancel(b);
    w.schedule(b, Long.MAX_VALUE); // also a cancel
    assertFalse(b.isScheduled());
    w.advance(200, fired::add);
    assertEquals(List.of(), fired);
    w.advance(300, fired::add);
    assertEquals(List.of("a"), fired);
  }

  @Test
  void scheduleIfEarlierOnlyMovesADeadlineForward() {
    TimerWheel<String> w = new TimerWheel<>(10, 64, 0);
    TimerWheel.Node<String> a = node("a");
    w.scheduleIfEarlier(a, 200);
    w.scheduleIfEarlier(a, 500); // later: kept at 200
    w.advance(200, fired::add);
    assertEquals(List.of("a"), fired);
    w.scheduleIfEarlier(a, 900);
    w.scheduleIfEarlier(a, 400); // earlier: moved
    w.advance(400, fired::add);
    assertEquals(List.of("a", "a"), fired);
  }

  @Test
  void aCallbackMayCancelOrMoveAnotherNodeDueInTheSameAdvance() {
    TimerWheel<String> w = new TimerWheel<>(10, 64, 0);
    Map<String, TimerWheel.Node<String>> nodes = new HashMap<>();
    for (String n : List.of("a", "b", "c")) {
      nodes.put(n, node(n));
      w.schedule(nodes.get(n), 10);
    }
    w.advance(
        10,
        s -> {
          fired.add(s);
          if (fired.size() == 1) {
            for (var e : nodes.entrySet()) {
              if (!e.getKey().equals(s)) {
                w.cancel(e.getValue()); // e.g. a session closing another one
              }
            }
          }
        });
    assertEquals(1, fired.size());
    assertEquals(0, w.size());
  }

  /** Against a plain list of deadlines: same firings, never early, at most one tick late. */
  @Test
  void agreesWithANaiveModelUnderRandomUse() {
    Random r = new Random(7);
    TimerWheel<Integer> w = new TimerWheel<>(10, 16, 0);
    List<TimerWheel.Node<Integer>> nodes = new ArrayList<>();
    long[] due = new long[50];
    for (int i = 0; i < due.length; i++) {
      nodes.add(new TimerWheel.Node<>(i));
      due[i] = Long.MAX_VALUE;
    }
    long now = 0;
    for (int step = 0; step < 20_000; step++) {
      int i = r.nextInt(due.length);
      switch (r.nextInt(4)) {
        case 0 -> {
          long at = now + r.nextInt(600);
          w.schedule(nodes.get(i), at);
          due[i] = Math.max(at, (now / 10 + 1) * 10);
        }
        case 1 -> {
          w.cancel(nodes.get(i));
          due[i] = Long.MAX_VALUE;
        }
        default -> {
          long next = now + r.nextInt(40);
          long at = next;
          w.advance(
              next,
              k -> {
                assertTrue(due[k] <= at, "fired early");
                assertTrue(due[k] > at - 10 - 40, "fired late");
                due[k] = Long.MAX_VALUE;
              });
          now = next;
          for (long d : due) {
            assertTrue(d == Long.MAX_VALUE || d > now - (now % 10), "missed a deadline");
          }
        }
      }
    }
  }

  @Test
  void refusesAWheelItCannotHash() {
    assertThrows(IllegalArgumentException.class, () -> new TimerWheel<String>(10, 12, 0));
    assertThrows(IllegalArgumentException.class, () -> new TimerWheel<String>(0, 16, 0));
  }
}
