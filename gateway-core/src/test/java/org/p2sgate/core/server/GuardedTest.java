package org.p2sgate.core.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A periodic loop task that throws once keeps running (Netty would stop rescheduling it). */
class GuardedTest {

  @Test
  void aPeriodicTaskThatThrowsIsRunAgain() throws Exception {
    DefaultEventLoop loop = new DefaultEventLoop();
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch again = new CountDownLatch(3);
    try {
      loop.scheduleAtFixedRate(
          Guarded.task(
              "test tick",
              () -> {
                if (runs.incrementAndGet() == 1) {
                  throw new IllegalStateException("bug on the first tick");
                }
                again.countDown();
              }),
          10,
          10,
          TimeUnit.MILLISECONDS);
      assertTrue(again.await(5, TimeUnit.SECONDS), "ran " + runs.get() + " times");
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
