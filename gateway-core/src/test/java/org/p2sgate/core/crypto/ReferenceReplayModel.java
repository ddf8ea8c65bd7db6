package org.p2sgate.core.crypto;

import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately naive transcription of the reference's list-based algorithm (wire doc 7.5): a list
 * of slots, newest id first, each holding UNSEEN, EXPIRED or the arrival second, with the reap run
 * before every test as {@code crypto_check_replay} does (here on every packet instead of every 5
 * s). Used to cross-check {@link ReplayWindow} on random traffic.
 */
final class ReferenceReplayModel {
  private static final long UNSEEN = -1;
  private static final long EXPIRED = -2;

  private final int n;
  private final int timeBacktrack;
  private final List<Long> slots = new ArrayList<>(); // index 0 = id `top`
  private long top;
  private long time;

  ReferenceReplayModel(int n, int timeBacktrack) {
    this.n = n;
    this.timeBacktrack = timeBacktrack;
  }

  boolean checkAndUpdate(long id, long t, long nowSecond) {
    reap(nowSecond);
    if (!test(id, t)) {
      return false;
    }
    add(id, t, nowSecond);
    return true;
  }

  private void reap(long now) {
    if (timeBacktrack == 0) {
      return;
    }
    boolean expire = false;
    for (int i = 0; i < slots.size(); i++) {
      long v = slots.get(i);
      if (v == EXPIRED) {
        break;
      }
      if (!expire && v != UNSEEN && v + timeBacktrack < now) {
        expire = true;
      }
      if (expire) {
        slots.set(i, EXPIRED);
      }
    }
  }

  private boolean test(long id, long t) {
    if (id == 0) {
      return false;
    }
    if (t < time) {
      return false;
    }
    if (t > time || id > top) {
      return true;
    }
    long diff = top - id;
    return diff < slots.size() && slots.get((int) diff) == UNSEEN;
  }

  private void add(long id, long t, long now) {
    if (slots.isEmpty() || t > time || (id >= n && id - n > top)) {
      time = t;
      top = id > n ? id - n : 0;
      slots.clear();
    }
    while (top < id) {
      slots.add(0, UNSEEN);
      if (slots.size() > n) {
        slots.remove(slots.size() - 1);
      }
      top++;
    }
    long diff = top - id;
    if (diff < slots.size()) {
      slots.set((int) diff, now);
    }
  }
}
