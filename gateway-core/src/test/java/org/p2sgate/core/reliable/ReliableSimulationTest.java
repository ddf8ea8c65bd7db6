package org.p2sgate.core.reliable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.p2sgate.core.wire.Opcode;

/**
 * ReliableSender → lossy, reordering channel → ReliableReceiver, with ACK_V1 packets flowing back
 * over an equally bad channel. Time is simulated: every call gets {@code now} as an argument.
 */
class ReliableSimulationTest {
  private static final int MESSAGES = 150;
  private static final long STEP_MS = 50;
  private static final long GIVE_UP_MS = 3_600_000;

  /** A datagram in flight: a message (id ≥ 0) or a list of acks. */
  private record Datagram(long deliverAt, long seq, long id, byte[] payload, long[] acks) {}

  /** A one-way link that drops with probability {@code loss} and delays by up to {@code jitter}. */
  private static final class Link {
    private final PriorityQueue<Datagram> queue =
        new PriorityQueue<>(
            (a, b) ->
                a.deliverAt != b.deliverAt
                    ? Long.compare(a.deliverAt, b.deliverAt)
                    : Long.compare(a.seq, b.seq));
    private final Random rnd;
    private final double loss;
    private final long jitter;
    private long seq;
    int sent;
    int dropped;

    Link(Random rnd, double loss, long jitter) {
      this.rnd = rnd;
      this.loss = loss;
      this.jitter = jitter;
    }

    void send(long now, long id, byte[] payload, long[] acks) {
      sent++;
      if (rnd.nextDouble() < loss) {
        dropped++;
        return;
      }
      long delay = 20 + (jitter == 0 ? 0 : (long) (rnd.nextDouble() * jitter));
      queue.add(new Datagram(now + delay, seq++, id, payload, acks));
    }

    List<Datagram> arrived(long now) {
      List<Datagram> out = new ArrayList<>();
      while (!queue.isEmpty() && queue.peek().deliverAt <= now) {
        out.add(queue.poll());
      }
      return out;
    }
  }

  @ParameterizedTest(name = "loss={0} jitter={1}ms seed={2}")
  @CsvSource({
    "0.0, 0, 1",
    "0.0, 600, 2",
    "0.2, 0, 3",
    "0.2, 600, 4",
    "0.2, 600, 5",
    "0.5, 0, 6",
    "0.5, 600, 7",
    "0.5, 600, 8",
    "0.5, 3000, 9",
  })
  void everyMessageArrivesExactlyOnceAndInOrder(double loss, long jitter, long seed) {
    Random rnd = new Random(seed);
    Link forward = new Link(rnd, loss, jitter);
    Link backward = new Link(rnd, loss, jitter);
    ReliableSender sender = new ReliableSender();
    ReliableReceiver receiver = new ReliableReceiver();
    List<Integer> delivered = new ArrayList<>();
    int queued = 0;
    int duplicates = 0;
    long now = 0;

    while (delivered.size() < MESSAGES || !sender.isIdle()) {
      assertTrue(now < GIVE_UP_MS, "no progress: delivered " + delivered.size());
      while (queued < MESSAGES && sender.canSend()) {
        long id =
            sender.add(Opcode.CONTROL_V1, new byte[] {(byte) queued, (byte) (queued >> 8)}, now);
        assertEquals(queued, id);
        queued++;
      }
      assertTrue(sender.inFlightCount() <= ReliableSender.TLS_RELIABLE_N_SEND_BUFFERS);
      long lastId = -1;
      for (InFlightPacket p : sender.collectDue(now)) {
        assertTrue(p.id() > lastId, "lowest id first");
        lastId = p.id();
        forward.send(now, p.id(), p.payload(), null);
      }
      for (Datagram d : forward.arrived(now)) {
        ReliableReceiver.Verdict v = receiver.receive(d.id(), Opcode.CONTROL_V1, d.payload());
        if (v == ReliableReceiver.Verdict.DUPLICATE) {
          duplicates++;
        }
        for (ReliableReceiver.Delivered m = receiver.poll(); m != null; m = receiver.poll()) {
          delivered.add((m.payload()[0] & 0xff) | (m.payload()[1] & 0xff) << 8);
          assertEquals(delivered.size() - 1, m.id());
        }
      }
      if (receiver.hasPendingAcks()) {
        long[] acks = receiver.takeAcks(ReliableReceiver.RELIABLE_ACK_SIZE);
        assertTrue(acks.length >= 1 && acks.length <= 8);
        backward.send(now, -1, null, acks);
      }
      for (Datagram d : backward.arrived(now)) {
        for (long a : d.acks()) {
          sender.onAck(a, now);
        }
      }
      now += STEP_MS;
    }

    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      expected.add(i);
    }
    assertEquals(expected, delivered);
    assertEquals(MESSAGES, receiver.nextExpected());
    assertEquals(Long.MAX_VALUE, sender.nextDeadline());
    if (loss == 0 && jitter == 0) {
      assertEquals(MESSAGES, forward.sent, "no retransmission on a perfect link");
      assertEquals(0, duplicates);
    }
    if (loss >= 0.2) {
      assertTrue(forward.dropped > 0 && backward.dropped > 0, "the channel really lost packets");
      assertTrue(forward.sent > MESSAGES, "losses were repaired by retransmission");
    }
    if (loss >= 0.5) {
      assertTrue(duplicates > 0, "lost acks led to duplicates that were acked again");
    }
  }
}
