package org.p2sgate.core.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplayWindowTest {
  @Test
  void basicRules() {
    ReplayWindow w = new ReplayWindow();
    assertFalse(w.check(0, 0, 0));
    assertTrue(w.checkAndUpdate(5, 0, 0));
    assertFalse(w.checkAndUpdate(5, 0, 0));
    assertTrue(w.checkAndUpdate(3, 0, 0)); // reordered, inside the window
    assertFalse(w.checkAndUpdate(3, 0, 0));
    assertTrue(w.checkAndUpdate(1, 0, 0));
    assertTrue(w.checkAndUpdate(100, 0, 0));
    assertFalse(w.check(36, 0, 0)); // 100 - 36 = 64
    assertTrue(w.check(37, 0, 0));
    assertTrue(w.check(37, 0, 0)); // check changes nothing
    assertTrue(w.checkAndUpdate(37, 0, 0));
    assertFalse(w.check(37, 0, 0));
  }

  @Test
  void newerTimeStartsANewSequenceOlderTimeIsRefused() {
    ReplayWindow w = new ReplayWindow();
    assertTrue(w.checkAndUpdate(10, 1000, 0));
    assertFalse(w.check(10, 1000, 0));
    assertFalse(w.check(11, 999, 0));
    assertTrue(w.checkAndUpdate(1, 1001, 0));
    assertTrue(w.checkAndUpdate(10, 1001, 0)); // old ids are new in the new sequence
    assertFalse(w.check(1, 1001, 0));
    assertFalse(w.check(50, 1000, 0));
  }

  @Test
  void bigJumpForgetsTheOldWindow() {
    ReplayWindow w = new ReplayWindow(64, 0);
    for (int i = 1; i <= 64; i++) {
      assertTrue(w.checkAndUpdate(i, 0, 0));
    }
    assertTrue(w.checkAndUpdate(1_000_000, 0, 0));
    assertTrue(w.checkAndUpdate(1_000_000 - 63, 0, 0));
    assertFalse(w.check(1_000_000 - 64, 0, 0));
    assertFalse(w.check(64, 0, 0));
  }

  @Test
  void expiryUsesArrivalTimeOfHigherIds() {
    ReplayWindow w = new ReplayWindow(64, 15);
    assertTrue(w.checkAndUpdate(5, 0, 1_000));
    assertTrue(w.checkAndUpdate(10, 0, 11_000));
    assertTrue(w.check(3, 0, 16_999)); // 5 arrived at second 1: 1 + 15 is not < 16
    assertFalse(w.check(3, 0, 17_000));
    assertTrue(w.check(7, 0, 17_000)); // above 5, below 10, and 10 is recent
    assertTrue(w.check(7, 0, 26_999));
    assertFalse(w.check(7, 0, 27_000));
    assertTrue(w.check(11, 0, 1_000_000)); // above the highest: never expired
    assertTrue(w.checkAndUpdate(11, 0, 1_000_000));
    assertFalse(w.check(10, 0, 1_000_000));
  }

  @Test
  void sequentialModeWhenSeqBacktrackIsZero() {
    ReplayWindow w = new ReplayWindow(0, 15);
    assertTrue(w.checkAndUpdate(7, 0, 0)); // the first id may be anything, as in the reference
    assertFalse(w.check(9, 0, 0));
    assertFalse(w.check(7, 0, 0));
    assertTrue(w.checkAndUpdate(8, 0, 0));
    assertFalse(w.check(2, 5, 0)); // a new time must restart at 1
    assertTrue(w.checkAndUpdate(1, 5, 0));
    assertFalse(w.check(2, 4, 0));
  }

  @Test
  void rangesAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(-1, 15));
    assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(65537, 15));
    assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(64, -1));
    assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(64, 601));
    ReplayWindow max = new ReplayWindow(65536, 600);
    assertTrue(max.checkAndUpdate(100_000, 0, 0));
    assertTrue(max.checkAndUpdate(100_000 - 65535, 0, 0));
    assertFalse(max.check(100_000 - 65536, 0, 0));
    assertEquals(64, new ReplayWindow().seqBacktrack());
    assertEquals(15, new ReplayWindow().timeBacktrack());
  }

  @Test
  void largeIdsNearTheTopOfTheRange() {
    ReplayWindow w = new ReplayWindow();
    assertTrue(w.checkAndUpdate(0xFFFFFFFFL, 0, 0));
    assertTrue(w.checkAndUpdate(0xFFFFFFFEL, 0, 0));
    assertFalse(w.check(0xFFFFFFFFL, 0, 0));
    assertFalse(w.check(0xFFFFFFFFL - 64, 0, 0));
  }

  /** Random reordering, duplicates, jumps and idle gaps: same verdicts as the reference model. */
  @ParameterizedTest
  @CsvSource({"1,0", "8,0", "64,0", "64,15", "100,3", "130,1", "1000,15"})
  void agreesWithTheReferenceModel(int n, int timeBacktrack) {
    Random rnd = new Random(n * 1000L + timeBacktrack);
    ReplayWindow w = new ReplayWindow(n, timeBacktrack);
    ReferenceReplayModel model = new ReferenceReplayModel(n, timeBacktrack);
    long next = 1;
    long now = 1_000_000; // the reference cannot store arrival seconds 0 and 1
    long time = 0;
    for (int i = 0; i < 20_000; i++) {
      now += rnd.nextInt(10) == 0 ? rnd.nextInt(4_000) : rnd.nextInt(50);
      long id;
      int pick = rnd.nextInt(100);
      if (pick < 50) {
        id = next++;
      } else if (pick < 85) {
        id = Math.max(0, next - 1 - rnd.nextInt(n + 5)); // reordered, replayed, too old, or 0
      } else if (pick < 97) {
        id = next + rnd.nextInt(3 * n + 2); // a gap
        next = id + 1;
      } else if (pick < 99) {
        id = 1 + rnd.nextInt(3); // new sequence (with time) or an old id
        time += 1;
        next = id + 1;
      } else {
        id = next + 1;
      }
      long t = pick >= 97 && pick < 99 ? time : Math.max(0, time - (rnd.nextInt(50) == 0 ? 1 : 0));
      boolean expected = model.checkAndUpdate(id, t, Math.floorDiv(now, 1000));
      boolean pure = w.check(id, t, now);
      assertEquals(expected, w.checkAndUpdate(id, t, now), "step " + i + " id " + id);
      assertEquals(expected, pure, "check() disagrees at step " + i);
    }
  }
}
