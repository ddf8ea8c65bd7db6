package org.p2sgate.core.server;

import io.netty.channel.EventLoop;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.p2sgate.auth.cert.RevocationList;
import org.p2sgate.core.admin.GatewayControl;
import org.p2sgate.core.admin.ReloadRefused;
import org.p2sgate.core.config.ConfigSource;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.session.SessionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What operators do to a running gateway (the admin API, SIGHUP and SIGUSR2, the management
 * interface, the status file): list and end sessions, reload, drain, report status and metrics.
 * Each asks every data-path thread on its own loop and combines the answers. It holds what a reload
 * replaces: the configuration new logins use and the watch on its revocation lists.
 */
final class Operations implements GatewayControl {
  /** The gateway's logger: operators find reloads and drains under the name they always had. */
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  private final ShardSet shards;
  private final Contexts.Lasting lasting;
  private final Clock clock;

  /** The first shard's loop: where a reload is applied and the drain is checked. */
  private final EventLoop loop;

  /** Whether the gateway has begun to stop; and how to stop it once drained. */
  private final BooleanSupplier closing;

  private final Runnable close;
  private volatile ServerConfig config;
  private volatile ConfigSource source;
  private volatile boolean serving;
  private volatile boolean draining;
  private Closeable revocationWatch;

  Operations(
      ServerConfig config,
      ShardSet shards,
      Contexts.Lasting lasting,
      Clock clock,
      BooleanSupplier closing,
      Runnable close) {
    this.config = config;
    this.shards = shards;
    this.lasting = lasting;
    this.clock = clock;
    this.loop = shards.first().loop;
    this.closing = closing;
    this.close = close;
  }

  /** The configuration new logins use: the one started with, or the last reloaded. */
  ServerConfig config() {
    return config;
  }

  /** The gateway listens: readiness no longer says "not listening yet". */
  void serving() {
    serving = true;
  }

  /** Where {@link #reload()} reads the configuration from (the file the gateway started with). */
  void reloadFrom(ConfigSource source) {
    this.source = source;
  }

  /** Re-reads the revocation lists when they change and ends the sessions they now refuse. */
  void watchRevocations(RevocationList revocations) {
    if (config.revokedThumbprints().isEmpty() && config.crlFiles().isEmpty()) {
      return;
    }
    revocationWatch =
        RevocationWatch.start(
            revocations,
            loop,
            revoked -> shards.each((table, now, out) -> table.closeRevoked(revoked, now, out)));
  }

  /** Stops watching the revocation lists (the gateway stops). */
  void stopWatching() {
    closeQuietly(revocationWatch);
    revocationWatch = null;
  }

  @Override
  public CompletableFuture<List<SessionInfo>> sessions() {
    return shards
        .onEach(
            (shard, now) -> shard.table.snapshot(),
            (a, b) -> {
              List<SessionInfo> all = new ArrayList<>(a);
              all.addAll(b);
              return all;
            })
        .thenApply(
            all -> {
              all.sort(Comparator.comparingLong(SessionInfo::clientId));
              return all;
            });
  }

  @Override
  public CompletableFuture<Integer> disconnect(Predicate<SessionInfo> which, boolean reconnect) {
    return shards.onEach(
        (shard, now) -> shard.table.disconnect(which, reconnect, now, shard.outbox), Integer::sum);
  }

  @Override
  public synchronized CompletableFuture<String> reload() {
    Reload r;
    try {
      r = Reload.prepare(source, config, clock, lasting);
    } catch (ReloadRefused e) {
      log.warn(e.getMessage());
      return CompletableFuture.failedFuture(e);
    }
    r.warnings().forEach(log::warn);
    return shards
        .onEach(
            (shard, now) -> {
              shard.table.reconfigure(r.context().withWrap(shard.wrap));
              // a list that now names a connected client's certificate ends that session
              shard.table.closeRevoked(r.revocations()::isRevoked, now, shard.outbox);
              return shard.table.sessionCount();
            },
            Integer::sum)
        .thenApplyAsync(
            connected -> {
              config = r.config();
              stopWatching();
              watchRevocations(r.revocations());
              String done =
                  "configuration reloaded: new logins use it, the "
                      + connected
                      + " connected sessions keep theirs";
              log.info(done);
              return done;
            },
            loop);
  }

  @Override
  public CompletableFuture<Map<String, Object>> status() {
    return shards
        .onEach((shard, now) -> shard.table.sessionCount(), Integer::sum)
        .thenApply(
            count -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("sessions", count);
              m.put("pending", shards.shared().pendingCount());
              m.put("poolSize", lasting.pool().clientAddresses());
              m.put("poolInUse", lasting.pool().allocatedCount());
              Map<String, Long> dropped = new TreeMap<>();
              lasting
                  .drops()
                  .snapshot()
                  .forEach((r, n) -> dropped.put(r.name().toLowerCase(Locale.ROOT), n));
              m.put("drops", dropped);
              m.put("notReady", notReady());
              return m;
            });
  }

  /** Writes {@link #status()} and every session to the log, one line each (SIGUSR2). */
  void logStatus() {
    sessions()
        .thenCombine(
            status(),
            (list, summary) -> {
              StatusLog.write(summary, list);
              return null;
            });
  }

  @Override
  public List<String> notReady() {
    List<String> why = new ArrayList<>();
    if (!serving) {
      why.add("not listening yet");
    }
    if (draining) {
      why.add("draining");
    }
    if (closing.getAsBoolean()) {
      why.add("stopping");
    }
    why.addAll(lasting.health().unavailable());
    return why;
  }

  @Override
  public CompletableFuture<Integer> drain(Duration deadline) {
    long until = clock.millis() + deadline.toMillis();
    return shards
        .onEach((shard, now) -> shard.table.drain(now, shard.outbox), Integer::sum)
        .thenApplyAsync(
            told -> {
              if (!draining) {
                draining = true;
                log.info(
                    "draining: stopping when the last session ends, {} s at most",
                    deadline.toSeconds());
                loop.scheduleWithFixedDelay(
                    Guarded.task("the drain check", () -> stopWhenDrained(until)),
                    200,
                    200,
                    TimeUnit.MILLISECONDS);
              }
              return told;
            },
            loop);
  }

  private void stopWhenDrained(long until) {
    if ((shards.sessionCount() == 0 || clock.millis() >= until) && !closing.getAsBoolean()) {
      // closing waits for this loop: do it on a thread of its own
      new Thread(close, "p2sgate-drained").start();
    }
  }

  @Override
  public String metrics() {
    if (config.admin() != null && config.admin().sessionMetrics()) {
      try {
        lasting.metrics().sessions(sessions().get(2, TimeUnit.SECONDS));
      } catch (ExecutionException | TimeoutException e) {
        log.warn("per-session metrics: no answer from the event loop: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return lasting.metrics().scrape();
  }

  static void closeQuietly(Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      log.warn("closing {}: {}", c, e.getMessage());
    }
  }
}
