package org.p2sgate.core.reliable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2sgate.core.reliable.ReliableReceiver.Verdict.DROPPED;
import static org.p2sgate.core.reliable.ReliableReceiver.Verdict.DUPLICATE;
import static org.p2sgate.core.reliable.ReliableReceiver.Verdict.STORED;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.wire.Opcode;

/** The receiving half, wire doc 2.3, and the ack lists it hands out (1.4, 2.3, 2.4). */
class ReliableReceiverTest {
  private final ReliableReceiver r = new ReliableReceiver();

  private ReliableReceiver.Verdict receive(long id) {
    return r.receive(id, Opcode.CONTROL_V1, new byte[] {(byte) id});
  }

  @Test
  void constantsKeepTheReferenceValues() {
    assertEquals(12, ReliableReceiver.TLS_RELIABLE_N_REC_BUFFERS);
    assertEquals(8, ReliableReceiver.RELIABLE_ACK_SIZE);
    assertEquals(4, ReliableReceiver.CONTROL_SEND_ACK_MAX);
    assertEquals(6, ReliableSender.TLS_RELIABLE_N_SEND_BUFFERS);
    assertEquals(3, ReliableSender.N_ACK_RETRANSMIT);
    assertEquals(2000, ReliableSender.INITIAL_TIMEOUT_MS);
  }

  @Test
  void outOfOrderArrivalsAreDeliveredInOrder() {
    assertEquals(STORED, receive(2));
    assertNull(r.poll(), "0 is missing");
    assertEquals(STORED, receive(1));
    assertNull(r.poll());
    assertEquals(STORED, r.receive(0, Opcode.CONTROL_HARD_RESET_CLIENT_V2, new byte[0]));
    ReliableReceiver.Delivered first = r.poll();
    assertEquals(0, first.id());
    assertEquals(Opcode.CONTROL_HARD_RESET_CLIENT_V2, first.opcode());
    assertArrayEquals(new byte[] {1}, r.poll().payload());
    assertEquals(2, r.poll().id());
    assertNull(r.poll());
    assertEquals(3, r.nextExpected());
  }

  @Test
  void duplicatesAreNotStoredButAckedAgain() {
    receive(0);
    r.poll();
    receive(1); // buffered, not yet delivered
    assertArrayEquals(new long[] {0, 1}, r.takeAcks(8));
    assertFalse(r.hasPendingAcks());

    assertEquals(DUPLICATE, receive(0)); // already delivered
    assertEquals(DUPLICATE, receive(1)); // already buffered
    assertTrue(r.hasPendingAcks());
    assertArrayEquals(new long[] {0, 1}, r.takeAcks(8));
    assertEquals(1, r.poll().id());
    assertNull(r.poll(), "the duplicate was not stored a second time");
  }

  @Test
  void idsTwelveOrMoreAheadAreDroppedWithoutAck() {
    assertEquals(DROPPED, receive(12));
    assertEquals(DROPPED, receive(1_000));
    assertFalse(r.hasPendingAcks());
    assertEquals(STORED, receive(11));
    r.skipTo(5);
    assertEquals(DUPLICATE, receive(4));
    assertEquals(DROPPED, receive(17));
    assertEquals(STORED, receive(16));
  }

  @Test
  void piggybackedAcksAreLimitedToFourAndAckV1ToEight() {
    for (long id = 0; id < 8; id++) {
      assertEquals(STORED, receive(id));
    }
    assertArrayEquals(new long[] {0, 1, 2, 3}, r.takeAcks(ReliableReceiver.CONTROL_SEND_ACK_MAX));
    // the rest of the pending ones first, then recently sent ones again, most recent first
    assertArrayEquals(
        new long[] {4, 5, 6, 7, 3, 2, 1, 0}, r.takeAcks(ReliableReceiver.RELIABLE_ACK_SIZE));
    assertArrayEquals(new long[0], r.takeAcks(8), "nothing pending: no ack packet at all");
  }

  /** The reference's MRU list: traces show ack lists such as [5,4,3,2,1,0] (wire doc 2.3). */
  @Test
  void recentlySentAcksAreRepeated() {
    for (long id = 0; id < 6; id++) {
      receive(id);
      long[] acks = r.takeAcks(8);
      assertEquals(id + 1, acks.length);
      assertEquals(id, acks[0], "the new ack leads");
    }
    receive(6);
    assertArrayEquals(new long[] {6, 5, 4, 3}, r.takeAcks(4));
    receive(7);
    assertArrayEquals(new long[] {7, 6, 5, 4, 3, 2, 1, 0}, r.takeAcks(8));
  }

  @Test
  void theRepeatListRemembersOnlyTheLastEight() {
    for (long id = 0; id < 20; id++) {
      receive(id);
      long[] acks = r.takeAcks(8);
      assertEquals(Math.min(id + 1, 8), acks.length);
      Set<Long> distinct = new HashSet<>();
      Arrays.stream(acks).forEach(distinct::add);
      assertEquals(acks.length, distinct.size(), "no id twice in one ack block");
      for (long a : acks) {
        assertTrue(a > id - 8 && a <= id, a + " is not among the last eight");
      }
      while (r.poll() != null) {
        // keep the receive window moving
      }
    }
  }

  @Test
  void aRepeatedAckMovesToTheFrontOfTheRepeatList() {
    for (long id = 0; id < 3; id++) {
      receive(id);
      r.takeAcks(8);
    }
    receive(0); // duplicate: acked again
    assertArrayEquals(new long[] {0, 2, 1}, r.takeAcks(8));
  }

  /**
   * At most 8 ids wait for an ack; a new id arriving beyond that is not acked and is acked only
   * when the peer retransmits it (wire doc 2.3). Here it is also not stored.
   */
  @Test
  void aNinthUnackedIdIsNotAckedUntilRetransmitted() {
    for (long id = 0; id < 8; id++) {
      assertEquals(STORED, receive(id));
    }
    assertEquals(DROPPED, receive(8));
    assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7}, r.takeAcks(8));
    assertEquals(STORED, receive(8)); // the peer's retransmission
    assertArrayEquals(new long[] {8, 7, 6, 5, 4, 3, 2, 1}, r.takeAcks(8));
    for (long id = 0; id <= 8; id++) {
      assertEquals(id, r.poll().id());
    }
  }
}
