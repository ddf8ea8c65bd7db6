package org.p2sgate.core.reliable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.p2sgate.core.wire.Opcode;

/**
 * Messages held out of order are bounded in bytes (12 x 2048), not only in count, so a peer cannot
 * park 12 x 64 KB ahead of the next message; the next message in order is always taken.
 */
class ReliableReceiverBudgetTest {

  @Test
  void outOfOrderBytesStopAtTheBudgetAndInOrderIsAlwaysTaken() {
    ReliableReceiver r = new ReliableReceiver();
    r.skipTo(1);
    byte[] big = new byte[16 * 1024];
    int stored = 0;
    for (long id = 2; id < 2 + ReliableReceiver.TLS_RELIABLE_N_REC_BUFFERS - 1; id++) {
      if (r.receive(id, Opcode.CONTROL_V1, big) == ReliableReceiver.Verdict.STORED) {
        stored++;
      }
      r.takeAcks(ReliableReceiver.RELIABLE_ACK_SIZE);
    }
    assertEquals(1, stored, "one 16 KB message fits the 24 KB budget, the second does not");
    assertTrue(r.bufferedBytes() <= ReliableReceiver.OUT_OF_ORDER_BUDGET);

    assertEquals(
        ReliableReceiver.Verdict.STORED,
        r.receive(1, Opcode.CONTROL_V1, new byte[16 * 1024]),
        "the next message in order is taken even past the budget");
    assertNotNull(r.poll());
    assertNotNull(r.poll(), "then the stored one follows");
    assertEquals(0, r.bufferedBytes());
  }

  @Test
  void smallMessagesStillFillAllTwelveBuffers() {
    ReliableReceiver r = new ReliableReceiver();
    for (long id = 1; id < ReliableReceiver.TLS_RELIABLE_N_REC_BUFFERS; id++) {
      assertEquals(
          ReliableReceiver.Verdict.STORED, r.receive(id, Opcode.CONTROL_V1, new byte[1200]));
      r.takeAcks(ReliableReceiver.RELIABLE_ACK_SIZE);
    }
    assertEquals(11 * 1200, r.bufferedBytes());
  }
}
