package org.p2sgate.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.auth.cert.RevocationList;
import org.p2sgate.auth.cert.TrustStore;
import org.p2sgate.core.testing.TestPki;

/** Revocation files are polled and parsed off the event loop; only the verdict reaches the loop. */
class RevocationWatchTest {

  @Test
  void reloadsOnItsOwnThreadAndHandsTheVerdictToTheLoop(@TempDir Path dir) throws Exception {
    TestPki pki = TestPki.create("corp-ca");
    Path file = dir.resolve("revoked.txt");
    Files.writeString(file, "");
    RevocationList list =
        RevocationList.load(
            TrustStore.of(TrustStore.parsePem(pki.caPem())), List.of(file), List.of());
    AtomicReference<Thread> reloadedOn = new AtomicReference<>();
    list.addListener(revoked -> reloadedOn.set(Thread.currentThread()));
    DefaultEventLoop loop = new DefaultEventLoop();
    Thread loopThread = loop.submit(Thread::currentThread).get();
    AtomicReference<Thread> verdictOn = new AtomicReference<>();
    CountDownLatch verdict = new CountDownLatch(1);
    try (RevocationWatch watch =
        RevocationWatch.start(
            list,
            loop,
            revoked -> {
              verdictOn.set(Thread.currentThread());
              verdict.countDown();
            })) {
      Thread.sleep(1100); // a new modification time
      Files.writeString(file, org.p2sgate.auth.cert.Thumbprints.sha256(pki.ca().cert()) + "\n");
      assertTrue(verdict.await(10, TimeUnit.SECONDS), "reloaded");
    } finally {
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
    assertEquals(loopThread, verdictOn.get(), "the verdict is acted on on the loop");
    assertNotEquals(loopThread, reloadedOn.get(), "files are read off the loop");
    assertEquals("p2sgate-revocation-watch", reloadedOn.get().getName());
  }
}
