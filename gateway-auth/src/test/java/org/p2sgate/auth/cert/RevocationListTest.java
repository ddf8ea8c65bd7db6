package org.p2sgate.auth.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Closeable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.auth.cert.TestPki.Issued;

class RevocationListTest {
  static final Issued ROOT = CertificateAuthenticatorTest.ROOT;
  static final Issued INTER = CertificateAuthenticatorTest.INTER;
  static final Issued ALICE = CertificateAuthenticatorTest.ALICE;
  static final Issued BOB = CertificateAuthenticatorTest.BOB;
  static final TrustStore TRUST = CertificateAuthenticatorTest.TRUST;

  @TempDir Path dir;

  static List<X509Certificate> chain(Issued leaf) {
    return List.of(leaf.cert(), INTER.cert());
  }

  @Test
  void readsThumbprintsInEveryWrittenForm() throws Exception {
    String sha1Colons = Thumbprints.sha1(ALICE.cert()).toUpperCase().replaceAll("(..)(?!$)", "$1:");
    String sha256Spaces = Thumbprints.sha256(BOB.cert()).replaceAll("(..)(?!$)", "$1 ");
    Path list =
        Files.writeString(
            dir.resolve("revoked.txt"),
            "# revoked laptops\n\n  " + sha1Colons + "   # alice\n" + sha256Spaces + "\n");
    RevocationList r = RevocationList.load(TRUST, List.of(list), List.of());
    assertEquals(Optional.of("revoked (thumbprint list)"), r.check(chain(ALICE)));
    assertTrue(r.isRevoked(chain(BOB)));
    assertFalse(r.isRevoked(chain(TestPki.leaf("carol", INTER))));
    assertEquals("RevocationList[2 thumbprints, 0 CRLs]", r.toString());
  }

  @Test
  void aBadLineStopsStartUpButOnlyWarnsOnReload() throws Exception {
    Path list = Files.writeString(dir.resolve("revoked.txt"), "abcd\n");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RevocationList.load(TRUST, List.of(list), List.of()));
    assertEquals(list + ":1: not a SHA-1 or SHA-256 thumbprint", e.getMessage());

    Files.writeString(list, "");
    RevocationList r = RevocationList.load(TRUST, List.of(list), List.of());
    Files.writeString(list, Thumbprints.sha1(ALICE.cert()) + "\nnot-hex\n");
    assertEquals(List.of(list + ":2: not a SHA-1 or SHA-256 thumbprint"), r.reload());
    assertTrue(r.isRevoked(chain(ALICE)));
  }

  @Test
  void reloadPicksUpNewRevocationsAndUnrevocations() throws Exception {
    Path list = Files.writeString(dir.resolve("revoked.txt"), "");
    Path crls = Files.createDirectories(dir.resolve("crl"));
    RevocationList r = RevocationList.load(TRUST, List.of(list), List.of(crls));
    assertFalse(r.isRevoked(chain(ALICE)));

    Files.writeString(list, Thumbprints.sha256(ALICE.cert()) + "\n");
    TestPki.writePem(crls.resolve("inter.crl"), TestPki.crl(INTER, BOB.cert()));
    r.reload();
    assertEquals(Optional.of("revoked (thumbprint list)"), r.check(chain(ALICE)));
    assertEquals(Optional.of("revoked by CRL of " + INTER.dn()), r.check(chain(BOB)));

    Files.writeString(list, "# alice found her laptop\n");
    Files.write(crls.resolve("inter.crl"), TestPki.crl(INTER).getEncoded()); // DER, now empty
    r.reload();
    assertFalse(r.isRevoked(chain(ALICE)));
    assertFalse(r.isRevoked(chain(BOB)));
  }

  @Test
  void aFailedReloadKeepsThePreviousLists() throws Exception {
    Path list = Files.writeString(dir.resolve("revoked.txt"), Thumbprints.sha1(ALICE.cert()));
    Path crl = TestPki.writePem(dir.resolve("inter.crl"), TestPki.crl(INTER, BOB.cert()));
    RevocationList r = RevocationList.load(TRUST, List.of(list), List.of(crl));
    Files.writeString(crl, "-----BEGIN X509 CRL-----\ngarbage\n-----END X509 CRL-----\n");
    var e = assertThrows(IllegalArgumentException.class, r::reload);
    assertEquals("unreadable CRL in " + crl, e.getMessage());
    assertTrue(r.isRevoked(chain(ALICE)));
    assertTrue(r.isRevoked(chain(BOB)));
    Files.delete(list);
    assertThrows(java.io.IOException.class, r::reload);
    assertTrue(r.isRevoked(chain(ALICE)));
  }

  @Test
  void listenersGetAPredicateWithTheNewVerdicts() throws Exception {
    Path list = Files.writeString(dir.resolve("revoked.txt"), "");
    RevocationList r = RevocationList.load(TRUST, List.of(list), List.of());
    BlockingQueue<Predicate<List<X509Certificate>>> seen = new LinkedBlockingQueue<>();
    r.addListener(seen::add);
    r.addListener(
        p -> {
          throw new IllegalStateException("a broken listener is only logged");
        });

    Files.writeString(list, Thumbprints.sha1(INTER.cert()) + "\n");
    r.reload();
    Predicate<List<X509Certificate>> p = seen.poll();
    // chains as the client sent them, with or without the root
    assertTrue(p.test(chain(ALICE)));
    assertTrue(p.test(List.of(BOB.cert(), INTER.cert(), ROOT.cert())));
    assertFalse(p.test(List.of(TestPki.leaf("direct", ROOT).cert())));

    Files.writeString(list, "");
    r.reload();
    Predicate<List<X509Certificate>> q = seen.poll();
    assertFalse(q.test(chain(ALICE)));
    assertTrue(p.test(chain(ALICE)), "an old predicate keeps the lists of its reload");
    assertTrue(seen.isEmpty());
  }

  @Test
  void theWatcherReloadsWhenAFileChanges() throws Exception {
    Path list = Files.writeString(dir.resolve("revoked.txt"), "");
    Path crls = Files.createDirectories(dir.resolve("crl"));
    RevocationList r = RevocationList.load(TRUST, List.of(list), List.of(crls));
    BlockingQueue<Predicate<List<X509Certificate>>> seen = new LinkedBlockingQueue<>();
    r.addListener(seen::add);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (Closeable watch = r.watch(scheduler, Duration.ofMillis(20))) {
      // written aside and moved into place, as an operator's tooling should
      Path tmp = Files.writeString(dir.resolve("revoked.tmp"), Thumbprints.sha1(ALICE.cert()));
      Files.setLastModifiedTime(tmp, FileTime.from(Instant.now().plusSeconds(5)));
      Files.move(tmp, list, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      var p = seen.poll(5, TimeUnit.SECONDS);
      assertTrue(p != null && p.test(chain(ALICE)) && !p.test(chain(BOB)));

      Path crlTmp = TestPki.writePem(dir.resolve("new.tmp"), TestPki.crl(INTER, BOB.cert()));
      Files.move(crlTmp, crls.resolve("new.crl"), StandardCopyOption.ATOMIC_MOVE);
      var q = seen.poll(5, TimeUnit.SECONDS);
      assertTrue(q != null && q.test(chain(ALICE)) && q.test(chain(BOB)));
      assertTrue(r.isRevoked(chain(BOB)));
      assertTrue(seen.isEmpty());
    } finally {
      scheduler.shutdownNow();
      assertTrue(scheduler.awaitTermination(5, TimeUnit.SECONDS));
    }
  }

  /**
   * A ConfigMap or Secret mounted by the kubelet: {@code dir/revoked.txt -> ..data/revoked.txt},
   * {@code ..data -> ..2026_12_02_10_00_00.1}. An update writes a new timestamped folder, points a
   * new link {@code ..data_tmp} at it, renames that over {@code ..data} (one atomic step) and
   * deletes the old folder (kubelet's AtomicWriter). The files the configuration names never
   * change: only what they resolve to. Here the new list has the old one's size and modification
   * time (a thumbprint of the same length written within the file system's clock tick), so only
   * following the links shows the change.
   */
  @Test
  void theWatcherFollowsKubernetesAtomicSymlinkSwap() throws Exception {
    Path mount = Files.createDirectories(dir.resolve("revocation"));
    Path first = kubeletWrite(mount, "..2026_12_02_10_00_00.1", Thumbprints.sha1(ALICE.cert()));
    FileTime written = Files.getLastModifiedTime(first.resolve("revoked.txt"));
    Files.setLastModifiedTime(first.resolve("inter.crl"), written);
    Files.createSymbolicLink(mount.resolve("..data"), first.getFileName());
    Files.createSymbolicLink(mount.resolve("revoked.txt"), Path.of("..data", "revoked.txt"));
    Files.createSymbolicLink(mount.resolve("inter.crl"), Path.of("..data", "inter.crl"));

    RevocationList r =
        RevocationList.load(TRUST, List.of(mount.resolve("revoked.txt")), List.of(mount));
    assertTrue(r.isRevoked(chain(ALICE)));
    assertFalse(r.isRevoked(chain(BOB)));
    BlockingQueue<Predicate<List<X509Certificate>>> seen = new LinkedBlockingQueue<>();
    r.addListener(seen::add);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try (Closeable watch = r.watch(scheduler, Duration.ofMillis(20))) {
      Thread.sleep(100);
      assertTrue(seen.isEmpty(), "nothing changed yet");

      // the update: BOB's thumbprint instead of ALICE's, same length, same modification time
      Path second = kubeletWrite(mount, "..2026_12_02_10_05_00.2", Thumbprints.sha1(BOB.cert()));
      Files.setLastModifiedTime(second.resolve("revoked.txt"), written);
      Files.copy(
          first.resolve("inter.crl"),
          second.resolve("inter.crl"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.COPY_ATTRIBUTES); // the same CRL, as unchanged data is rewritten
      assertEquals(
          Files.size(first.resolve("revoked.txt")), Files.size(second.resolve("revoked.txt")));
      swapData(mount, second);
      deleteFolder(first);

      var p = seen.poll(5, TimeUnit.SECONDS);
      assertTrue(p != null, "the swap of ..data was not noticed");
      assertTrue(p.test(chain(BOB)) && !p.test(chain(ALICE)));
      assertTrue(r.isRevoked(chain(BOB)));
      assertFalse(r.isRevoked(chain(ALICE)));

      // and again, from the second folder to a third: the watcher keeps following
      Path third = kubeletWrite(mount, "..2026_12_02_10_10_00.3", "");
      swapData(mount, third);
      deleteFolder(second);
      var q = seen.poll(5, TimeUnit.SECONDS);
      assertTrue(q != null && !q.test(chain(BOB)) && !q.test(chain(ALICE)));
      Thread.sleep(100);
      assertTrue(seen.isEmpty(), "one reload per swap: " + seen.size());
    } finally {
      scheduler.shutdownNow();
      assertTrue(scheduler.awaitTermination(5, TimeUnit.SECONDS));
    }
  }

  /** A new timestamped folder with the thumbprint list and a CRL of INTER (revoking no one). */
  private static Path kubeletWrite(Path mount, String name, String thumbprints) throws Exception {
    Path folder = Files.createDirectories(mount.resolve(name));
    Files.writeString(folder.resolve("revoked.txt"), thumbprints);
    TestPki.writePem(folder.resolve("inter.crl"), TestPki.crl(INTER));
    return folder;
  }

  /** {@code ..data_tmp -> folder}, renamed over {@code ..data}: the kubelet's one atomic step. */
  private static void swapData(Path mount, Path folder) throws Exception {
    Path tmp = Files.createSymbolicLink(mount.resolve("..data_tmp"), folder.getFileName());
    Files.move(tmp, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
    assertEquals(folder.getFileName(), Files.readSymbolicLink(mount.resolve("..data")));
  }

  private static void deleteFolder(Path folder) throws Exception {
    try (var files = Files.list(folder)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(folder);
  }
}
