package org.p2sgate.core.timer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hashed timing wheel (Varghese and Lauck, 1987) over caller-supplied time: {@link #schedule} and
 * {@link #cancel} are O(1), and {@link #advance} costs the slots that time crossed plus the nodes
 * found in them, so a million idle timers cost nothing on a tick where none is due.
 *
 * <p>Time is cut into ticks of {@code tickMs}; a node is due at the first tick boundary at or after
 * its deadline, and fires on the first {@link #advance} whose time has reached that boundary. A
 * deadline at or before the last advance fires on the next one, never inside the advance that is
 * running (so a callback that re-schedules itself cannot spin). Deadlines beyond one turn of the
 * wheel stay in their slot and are passed over until their turn comes.
 *
 * <p>Written by hand: Netty's {@code HashedWheelTimer} runs a thread of its own and reads the
 * clock; the session core takes time as an argument (decision 1). Not thread safe: one owner.
 *
 * @param <T> what a node stands for (the session it times)
 */
public final class TimerWheel<T> {

  /** One owner's timer: at most one deadline at a time, kept in the node itself. */
  public static final class Node<T> {
    private final T owner;
    private Node<T> prev;
    private Node<T> next;
    private long tick = IDLE;

    public Node(T owner) {
      this.owner = owner;
    }

    /** Whether a deadline is set. */
    public boolean isScheduled() {
      return tick != IDLE;
    }
  }

  private static final long IDLE = Long.MAX_VALUE;

  /** Taken out of its slot by the advance that is running, not fired yet. */
  private static final long EXPIRED = Long.MIN_VALUE;

  private final long tickMs;
  private final Node<T>[] heads;
  private final int mask;
  private final List<Node<T>> expired = new ArrayList<>();
  private long cursor;
  private int size;

  /**
   * @param tickMs the resolution: deadlines fire up to this much late
   * @param slots slots in one turn of the wheel, a power of two
   * @param now the current time; the first {@link #advance} looks at the ticks after it
   */
  @SuppressWarnings("unchecked")
  public TimerWheel(long tickMs, int slots, long now) {
    if (tickMs <= 0 || slots <= 0 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("tickMs > 0 and a power-of-two slot count");
    }
    this.tickMs = tickMs;
    this.heads = (Node<T>[]) new Node[slots];
    this.mask = slots - 1;
    this.cursor = Math.floorDiv(now, tickMs);
  }

  /**
   * Sets {@code node}'s deadline to {@code at}, replacing any earlier one; {@link Long#MAX_VALUE}
   * cancels it.
   */
  public void schedule(Node<T> node, long at) {
    unlink(node);
    if (at == Long.MAX_VALUE) {
      return;
    }
    link(node, Math.max(tickAtOrAfter(at), cursor + 1));
  }

  /**
   * As {@link #schedule}, but only when {@code at} falls on an earlier tick than the deadline set
   * now: a later deadline is left to the earlier firing, whose owner then schedules again. A node
   * that the running {@link #advance} is about to fire keeps firing now.
   */
  public void scheduleIfEarlier(Node<T> node, long at) {
    if (at == Long.MAX_VALUE) {
      return;
    }
    long tick = Math.max(tickAtOrAfter(at), cursor + 1);
    if (tick < node.tick) { // IDLE is the largest tick, EXPIRED the smallest
      unlink(node);
      link(node, tick);
    }
  }

  /** Clears {@code node}'s deadline, if any. */
  public void cancel(Node<T> node) {
    unlink(node);
  }

  /**
   * Moves time to {@code now} and hands every node due by then to {@code fire}, once, in no
   * particular order; their deadlines are cleared first, so {@code fire} may schedule them again.
   *
   * @return how many nodes fired
   */
  public int advance(long now, Consumer<? super T> fire) {
    long target = Math.floorDiv(now, tickMs);
    if (target <= cursor) {
      return 0;
    }
    long from = target - cursor >= heads.length ? target - mask : cursor + 1;
    for (long t = from; t <= target; t++) {
      collect((int) (t & mask), target);
    }
    cursor = target;
    int fired = 0;
    for (int i = 0; i < expired.size(); i++) {
      Node<T> n = expired.get(i);
      expired.set(i, null);
      if (n.tick == EXPIRED) { // not re-scheduled or cancelled by an earlier callback
        n.tick = IDLE;
        fired++;
        fire.accept(n.owner);
      }
    }
    expired.clear();
    return fired;
  }

  /** Nodes with a deadline. */
  public int size() {
    return size;
  }

  private void collect(int slot, long target) {
    Node<T> n = heads[slot];
    while (n != null) {
      Node<T> next = n.next;
      if (n.tick <= target) {
        unlink(n);
        n.tick = EXPIRED;
        expired.add(n);
      }
      n = next;
    }
  }

  private long tickAtOrAfter(long at) {
    return Math.floorDiv(at, tickMs) + (Math.floorMod(at, tickMs) == 0 ? 0 : 1);
  }

  private void link(Node<T> node, long tick) {
    int slot = (int) (tick & mask);
    node.tick = tick;
    node.prev = null;
    node.next = heads[slot];
    if (node.next != null) {
      node.next.prev = node;
    }
    heads[slot] = node;
    size++;
  }

  private void unlink(Node<T> node) {
    if (node.tick == IDLE) {
      return;
    }
    if (node.tick == EXPIRED) {
      node.tick = IDLE; // waiting in the running advance's list: it will be skipped there
      return;
    }
    if (node.prev != null) {
      node.prev.next = node.next;
    } else {
      heads[(int) (node.tick & mask)] = node.next;
    }
    if (node.next != null) {
      node.next.prev = node.prev;
    }
    node.prev = null;
    node.next = null;
    node.tick = IDLE;
    size--;
  }
}
