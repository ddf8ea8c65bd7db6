package org.p2sgate.core.server;

import io.netty.channel.EventLoop;
import java.time.Clock;
import org.p2sgate.core.session.SessionManager;
import org.p2sgate.core.session.Shards;
import org.p2sgate.core.transport.NettyOutbox;

/**
 * One data-path thread of the gateway (decision 35): its event loop, the session table it alone
 * owns, that table's outbox, its UDP sockets (each shard binds the gateway's port again, with
 * SO_REUSEPORT, and the kernel keeps a client's datagrams on one of them), the TCP connections
 * Netty gave its loop, and its share of the TUN reader's batches.
 */
final class Shard {
  final int index;
  final EventLoop loop;
  final SessionManager table;
  final NettyOutbox outbox;

  /** This shard's control-channel wrap: every context its table gets carries this one. */
  final org.p2sgate.core.control.ControlWrap wrap;

  private final Clock clock;

  /** Frames of this loop's TCP connections between two flushes ({@link TcpInitializer}). */
  final ReceiveSlots tcpSlots;

  /** This shard's UDP sockets, once bound. */
  UdpListeners udp;

  Shard(
      int index,
      EventLoop loop,
      SessionManager table,
      NettyOutbox outbox,
      org.p2sgate.core.control.ControlWrap wrap,
      Clock clock) {
    this.index = index;
    this.loop = loop;
    this.table = table;
    this.outbox = outbox;
    this.wrap = wrap;
    this.clock = clock;
    this.tcpSlots = new ReceiveSlots(TcpInitializer.SLOTS, 2048, outbox::flush);
  }

  long now() {
    return clock.millis();
  }

  /**
   * Finished logins and TLS jobs of this shard's table come back to its loop, which applies them
   * and flushes; with {@code tlsWorkers}, the table's handshakes run there (else on the loop). A
   * result that arrives once the loop has stopped is dropped: its session went with the loop.
   */
  void completeOnLoop(java.util.concurrent.Executor tlsWorkers) {
    table.onCompletion(
        done -> {
          try {
            onLoop("a finished login or TLS job", (t, now, out) -> t.complete(done, now, out));
          } catch (java.util.concurrent.RejectedExecutionException e) {
            // the loop has stopped
          }
        });
    if (tlsWorkers != null) {
      table.runTlsOn(tlsWorkers);
    }
  }

  /**
   * Runs {@code task} on this shard's loop and flushes its outbox after (work another shard hands
   * over, {@link Shards.Loops}).
   */
  void run(Shards.Task task) {
    onLoop("work handed over from another session table", task);
  }

  /**
   * {@code task} on the loop with this shard's table and outbox, flushed after; {@code what} names
   * it if it fails.
   */
  private void onLoop(String what, Shards.Task task) {
    loop.execute(
        Guarded.task(
            what,
            () -> {
              task.run(table, now(), outbox);
              outbox.flush();
            }));
  }

  @Override
  public String toString() {
    return "shard " + index;
  }
}
