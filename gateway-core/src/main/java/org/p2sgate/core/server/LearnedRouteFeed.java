package org.p2sgate.core.server;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.p2sgate.core.config.RouteSettings;
import org.p2sgate.core.routing.LearnedRoutes;
import org.p2sgate.tun.route.Ipv4Prefix;
import org.p2sgate.tun.route.KernelRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the kernel table of {@code routes.from-kernel} and hands the routes to push to the event
 * loop: filtering and the {@code max} bound run on the follower's thread; the loop gets only the
 * finished option list, and at most one hand-over waits for it at any time (a burst of kernel
 * changes becomes one task with the latest routes).
 */
final class LearnedRouteFeed implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(LearnedRouteFeed.class);

  /** Routes of the table kept in memory at most, before include/exclude and max apply. */
  static final int TABLE_BOUND = 1 << 16;

  private final KernelRoutes source;
  private final LearnedRoutes learned;
  private final AtomicReference<List<String>> latest = new AtomicReference<>(List.of());
  private final AtomicBoolean handOverQueued = new AtomicBoolean();
  private final AtomicInteger pushed = new AtomicInteger();
  private List<Ipv4Prefix> logged = List.of();
  private int loggedLeftOut;

  private LearnedRouteFeed(KernelRoutes source, LearnedRoutes learned) {
    this.source = source;
    this.learned = learned;
  }

  /** Opens the kernel table with {@code opener} and starts following it. */
  static LearnedRouteFeed start(
      RouteSettings settings,
      Ipv4Prefix pool,
      Opener opener,
      Executor loop,
      Consumer<List<String>> onLoop)
      throws IOException {
    LearnedRoutes learned = new LearnedRoutes(settings, pool);
    KernelRoutes source = opener.open(settings.table(), learned::wanted, TABLE_BOUND);
    LearnedRouteFeed feed = new LearnedRouteFeed(source, learned);
    try {
      source.follow(table -> feed.changed(table, loop, onLoop));
    } catch (IOException | RuntimeException e) {
      source.close();
      throw e;
    }
    log.info(
        "following kernel table {} for routes to push (include {}, exclude {}, max {}, on change:"
            + " {})",
        settings.table(),
        settings.include(),
        settings.exclude(),
        settings.max(),
        settings.onChange().name().toLowerCase(java.util.Locale.ROOT));
    return feed;
  }

  /** How a kernel table is opened: {@code NetlinkRoutes::open} on Linux. */
  @FunctionalInterface
  interface Opener {
    KernelRoutes open(int table, java.util.function.Predicate<Ipv4Prefix> wanted, int bound)
        throws IOException;
  }

  /** On the follower's thread. */
  private void changed(Set<Ipv4Prefix> table, Executor loop, Consumer<List<String>> onLoop) {
    if (!learned.offer(table)) {
      return;
    }
    List<Ipv4Prefix> now = learned.current();
    logChange(now);
    pushed.set(now.size());
    latest.set(learned.options());
    if (!handOverQueued.getAndSet(true)) {
      loop.execute(
          Guarded.task(
              "learned routes",
              () -> {
                handOverQueued.set(false);
                onLoop.accept(latest.get());
              }));
    }
  }

  private void logChange(List<Ipv4Prefix> now) {
    TreeSet<Ipv4Prefix> added = new TreeSet<>(now);
    logged.forEach(added::remove);
    TreeSet<Ipv4Prefix> removed = new TreeSet<>(logged);
    now.forEach(removed::remove);
    log.info(
        "learned routes: {} pushed, added {}, withdrawn {}",
        now.size(),
        abbreviated(added),
        abbreviated(removed));
    if (learned.leftOut() > 0 && loggedLeftOut == 0) {
      log.warn(
          "learned routes: {} more prefixes than routes.from-kernel.max ({}) are not pushed",
          learned.leftOut(),
          now.size());
    }
    logged = now;
    loggedLeftOut = learned.leftOut();
  }

  private static String abbreviated(Set<Ipv4Prefix> prefixes) {
    return prefixes.size() <= 8
        ? prefixes.toString()
        : prefixes.stream().limit(8).toList() + " and " + (prefixes.size() - 8) + " more";
  }

  /** Learned routes pushed now (the metrics' gauge). */
  int pushed() {
    return pushed.get();
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
