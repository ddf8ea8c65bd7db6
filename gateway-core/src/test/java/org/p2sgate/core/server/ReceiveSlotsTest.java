package org.p2sgate.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.crypto.AeadLayout;

class ReceiveSlotsTest {
  private int flushes;
  private final Set<byte[]> held = Collections.newSetFromMap(new IdentityHashMap<>());

  private final ReceiveSlots slots =
      new ReceiveSlots(
          4,
          100,
          () -> {
            flushes++;
            held.clear();
          });

  @Test
  void neverHandsOutABufferTwiceBetweenFlushes() {
    for (int i = 0; i < 1_000; i++) {
      byte[] b = slots.take(i % 300);
      assertTrue(held.add(b), "buffer " + i + " handed out again before a flush");
      assertTrue(b.length >= i % 300 + AeadLayout.TAILROOM);
    }
    assertEquals(249, flushes); // every fourth take after the first four
  }

  @Test
  void reusesTheSameBuffersAfterTheOwnersFlushAndGrowsOnlyWhenAsked() {
    byte[] first = slots.take(10);
    assertEquals(100, first.length);
    slots.take(10);
    slots.flushed();
    held.clear();
    assertSame(first, slots.take(50));
    byte[] bigger = slots.take(5_000);
    assertEquals(5_000 + AeadLayout.TAILROOM, bigger.length);
    slots.flushed();
    slots.take(1);
    assertSame(bigger, slots.take(4_000));
    assertEquals(0, flushes);
  }
}
