package org.p2sgate.core.reliable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.wire.Opcode;

/** The sending half, wire doc 2.2. All times are milliseconds passed in. */
class ReliableSenderTest {
  private final ReliableSender s = new ReliableSender();

  private static List<Long> ids(List<InFlightPacket> due) {
    return due.stream().map(InFlightPacket::id).toList();
  }

  private void sendAt(long now, int count) {
    for (int i = 0; i < count; i++) {
      s.add(Opcode.CONTROL_V1, new byte[] {(byte) i}, now);
    }
  }

  @Test
  void windowOfSixCountsFromTheOldestUnacked() {
    assertTrue(s.isIdle());
    sendAt(0, 6);
    assertFalse(s.canSend());
    assertThrows(IllegalStateException.class, () -> s.add(Opcode.CONTROL_V1, new byte[0], 0));
    for (long id = 1; id <= 5; id++) {
      assertTrue(s.onAck(id, 10));
    }
    assertEquals(1, s.inFlightCount());
    assertFalse(s.canSend(), "id 0 still pins the window: 6 - 0 is not < 6");
    assertTrue(s.onAck(0, 20));
    assertTrue(s.canSend());
    assertTrue(s.isIdle());
    sendAt(30, 6);
    assertEquals(11, s.nextId() - 1);
    assertFalse(s.canSend());
  }

  @Test
  void newMessagesAreDueAtOnceThenBackOff2s4s8s() {
    sendAt(1_000, 1);
    assertEquals(1_000, s.nextDeadline());
    assertEquals(List.of(0L), ids(s.collectDue(1_000)));
    assertEquals(3_000, s.nextDeadline()); // + 2 s
    assertEquals(List.of(), ids(s.collectDue(2_999)));
    assertEquals(List.of(0L), ids(s.collectDue(3_000)));
    assertEquals(7_000, s.nextDeadline()); // + 4 s
    assertEquals(List.of(), ids(s.collectDue(6_999)));
    assertEquals(List.of(0L), ids(s.collectDue(7_000)));
    assertEquals(15_000, s.nextDeadline()); // + 8 s
    assertEquals(List.of(0L), ids(s.collectDue(15_000)));
    assertEquals(31_000, s.nextDeadline()); // + 16 s
    assertEquals(List.of(0L), ids(s.collectDue(31_000)));
    assertEquals(47_000, s.nextDeadline()); // capped at MAX_TIMEOUT_MS
    assertEquals(16_000, ReliableSender.MAX_TIMEOUT_MS);
  }

  @Test
  void lateCollectionCountsTheTimeoutFromTheActualSend() {
    sendAt(0, 1);
    s.collectDue(0);
    assertEquals(List.of(0L), ids(s.collectDue(2_500)));
    assertEquals(6_500, s.nextDeadline());
  }

  @Test
  void severalDueGoLowestIdFirstEachWithItsOwnTimer() {
    sendAt(0, 1);
    sendAt(500, 2);
    assertEquals(List.of(0L, 1L, 2L), ids(s.collectDue(500)));
    assertEquals(2_500, s.nextDeadline());
    assertTrue(s.onAck(0, 600));
    assertEquals(List.of(1L, 2L), ids(s.collectDue(2_500)));
    assertEquals(6_500, s.nextDeadline());
    List<InFlightPacket> again = s.collectDue(6_500);
    assertEquals(Opcode.CONTROL_V1, again.get(0).opcode());
    assertEquals(0, again.get(0).payload()[0]); // the stored payload is resent unchanged
    assertEquals(1, again.get(1).payload()[0]);
  }

  @Test
  void fastRetransmitAfterThreeAcksOfLaterIds() {
    sendAt(0, 6);
    s.collectDue(0); // all sent; due again at 2000
    assertTrue(s.onAck(1, 100));
    assertTrue(s.onAck(2, 200));
    assertEquals(List.of(), ids(s.collectDue(200)));
    assertTrue(s.onAck(3, 300)); // third ack of a later id: 0 is due now
    assertEquals(300, s.nextDeadline());
    assertEquals(List.of(0L), ids(s.collectDue(300)));
    assertEquals(2_000, s.nextDeadline(), "4 and 5 still wait for their timers");
    // the counter restarted at the fast retransmit: two more later acks are not enough
    assertTrue(s.onAck(4, 400));
    assertTrue(s.onAck(5, 500));
    assertEquals(List.of(), ids(s.collectDue(500)));
    assertEquals(4_300, s.nextDeadline()); // 300 + the doubled 4 s
  }

  @Test
  void acksOfEarlierIdsDoNotCount() {
    sendAt(0, 5);
    s.collectDue(0);
    for (long id = 0; id < 4; id++) {
      assertTrue(s.onAck(id, 10 * id));
    }
    assertEquals(2_000, s.nextDeadline(), "4 saw only acks of lower ids");
  }

  /**
   * Wire doc 2.2 point 3: "when an ACK arrives for an id higher than an unacked entry, that entry's
   * counter goes up". The reference ({@code reliable_send_purge}, reliable.c) counts every ack in
   * every incoming ack block, including the repeated MRU acks of ids already removed.
   */
  @Test
  void repeatedAcksOfALaterIdCountTowardsFastRetransmit() {
    sendAt(0, 3);
    s.collectDue(0);
    s.onAck(2, 100); // first ack of 2
    s.onAck(2, 200); // the peer repeats it from its MRU list
    s.onAck(2, 300);
    assertEquals(300, s.nextDeadline(), "0 and 1 should be due after three acks of id 2");
  }

  @Test
  void unknownAndRepeatedAcksAreHarmless() {
    assertFalse(s.onAck(0, 0));
    sendAt(0, 2);
    assertFalse(s.onAck(7, 0));
    assertTrue(s.onAck(1, 0));
    assertFalse(s.onAck(1, 0));
    assertEquals(1, s.inFlightCount());
    assertTrue(s.isAcked(1));
    assertFalse(s.isAcked(0));
    assertFalse(s.isAcked(2), "never sent");
  }

  @Test
  void retransmitAllNowMakesEverythingUnackedDue() {
    sendAt(0, 3);
    s.collectDue(0);
    s.onAck(1, 10);
    s.retransmitAllNow(50);
    assertEquals(50, s.nextDeadline());
    assertEquals(List.of(0L, 2L), ids(s.collectDue(50)));
  }

  @Test
  void skipToStartsLaterOnlyWhenIdle() {
    assertEquals(Long.MAX_VALUE, s.nextDeadline());
    s.skipTo(1);
    assertEquals(1, s.nextId());
    assertTrue(s.isAcked(0));
    assertEquals(1, s.add(Opcode.CONTROL_V1, new byte[0], 0));
    assertThrows(IllegalStateException.class, () -> s.skipTo(5));
  }
}
