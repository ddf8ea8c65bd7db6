package org.p2sgate.core.server;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.control.ControlWraps;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.session.GatewayContext;
import org.p2sgate.core.session.SessionManager;
import org.p2sgate.core.session.Shards;
import org.p2sgate.core.transport.NettyOutbox;
import org.p2sgate.tun.TunDevice;

/**
 * The gateway's shards (decision 35): one per event loop of the group, each with its session table,
 * outbox and control wrap, all tables sharing one {@link Shards}; and the ways the rest of the
 * server reaches them: a task on every shard, answers combined, the shard of a loop, the TUN reader
 * that feeds them.
 */
final class ShardSet {
  private final Shard[] shards;
  private final Shards shared;

  ShardSet(
      MultiThreadIoEventLoopGroup group,
      GatewayContext ctx,
      ServerConfig config,
      TunDevice tun,
      DropCounters drops,
      Clock clock) {
    int n = group.executorCount();
    this.shards = new Shard[n];
    this.shared = new Shards(ctx, n, (t, task) -> shards[t].run(task));
    int i = 0;
    long now = clock.millis();
    for (io.netty.util.concurrent.EventExecutor e : group) {
      // a wrap's MAC and cipher objects belong to one thread: each shard makes its own
      var wrap = i == 0 ? ctx.wrap() : ControlWraps.forServer(config.tlsWrap());
      shards[i] =
          new Shard(
              i,
              (EventLoop) e,
              new SessionManager(ctx.withWrap(wrap), now, shared, i),
              // a TUN queue of its own when the device has one per shard: no shared write lock
              new NettyOutbox(tun.queueCount() > i ? tun.queue(i) : tun, drops),
              wrap,
              clock);
      i++;
    }
  }

  /** Every shard, in order. */
  Shard[] all() {
    return shards.clone();
  }

  int count() {
    return shards.length;
  }

  Shard first() {
    return shards[0];
  }

  /** What the tables share. */
  Shards shared() {
    return shared;
  }

  /** The shard whose loop is {@code loop} (a TCP connection's). */
  Shard of(EventLoop loop) {
    for (Shard shard : shards) {
      if (shard.loop == loop) {
        return shard;
      }
    }
    throw new IllegalStateException(loop + " is no shard's loop");
  }

  /** Runs {@code task} on every shard's loop, with its table and outbox. */
  void each(Shards.Task task) {
    for (Shard shard : shards) {
      shard.run(task);
    }
  }

  /**
   * Runs {@code task} on every shard's loop (flushing its outbox after) and combines the answers
   * with {@code combine}.
   */
  <T> CompletableFuture<T> onEach(BiFunction<Shard, Long, T> task, BinaryOperator<T> combine) {
    CompletableFuture<T> all = null;
    for (Shard shard : shards) {
      CompletableFuture<T> f = new CompletableFuture<>();
      try {
        shard.loop.execute(
            () -> {
              try {
                f.complete(task.apply(shard, shard.now()));
                shard.outbox.flush();
              } catch (RuntimeException e) {
                f.completeExceptionally(e);
              }
            });
      } catch (RejectedExecutionException e) {
        f.completeExceptionally(e);
      }
      all = all == null ? f : all.thenCombine(f, combine);
    }
    return all;
  }

  /** Sessions in every table; from any thread, so possibly a moment old. */
  int sessionCount() {
    int n = 0;
    for (Shard shard : shards) {
      n += shard.table.sessionCount();
    }
    return n;
  }

  /**
   * The TUN readers, one per queue of the device, each handing every packet to the shard that owns
   * its destination.
   */
  java.util.List<TunReader> tunReaders(TunDevice tun, DropCounters drops) {
    Executor[] loops = new Executor[shards.length];
    TunReader.Sink[] sinks = new TunReader.Sink[shards.length];
    for (Shard shard : shards) {
      loops[shard.index] = shard.loop;
      sinks[shard.index] =
          (bufs, sizes, n) -> {
            long now = shard.now();
            for (int i = 0; i < n; i++) {
              shard.table.onTunPacket(bufs[i], TunReader.HEADROOM, sizes[i], now, shard.outbox);
            }
            shard.outbox.flush();
          };
    }
    java.util.List<TunReader> readers = new java.util.ArrayList<>();
    for (int q = 0; q < tun.queueCount(); q++) {
      readers.add(new TunReader(tun.queue(q), loops, shared::ownerOfPacket, sinks, drops));
    }
    return readers;
  }
}
