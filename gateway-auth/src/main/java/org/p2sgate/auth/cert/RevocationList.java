package org.p2sgate.auth.cert;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revoked certificates: a thumbprint list (SHA-1 or SHA-256, as the cloud gateway takes it) and
 * CRLs, both read from disk and re-read without a restart. A CRL counts only for certificates of
 * the CA that signed it (its signature is checked against the issuer in the chain being checked).
 * Every certificate of a chain is checked, so revoking an intermediate or a root refuses everything
 * under it; a root can be revoked by thumbprint only.
 *
 * <p>{@link #reload()} reads everything afresh and swaps it in at once; until it succeeds, checks
 * use the previous lists. {@link #watch} polls the files (following symbolic links to the real
 * file, as Kubernetes swaps a mounted ConfigMap's {@code ..data} link) and reloads on a change.
 * After each reload the {@link RevocationListener}s are told.
 *
 * <p>Not handled: delta CRLs, indirect CRLs, CRL distribution points, OCSP, and CRL staleness
 * (nextUpdate): the files are the operator's to keep fresh.
 */
public final class RevocationList {
  private static final Logger log = LoggerFactory.getLogger(RevocationList.class);
  private static final int MAX_CHAIN = 10;

  private record Snapshot(
      Set<String> thumbprints, List<X509CRL> crls, Map<CrlKey, Boolean> verified) {}

  private record CrlKey(int index, PublicKey issuerKey) {}

  private final TrustStore trustStore;
  private final List<Path> thumbprintFiles;
  private final List<Path> crlSources;
  private final AtomicReference<Snapshot> current = new AtomicReference<>();
  private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();
  private volatile String lastFingerprint = "";

  private RevocationList(
      TrustStore trustStore, Collection<Path> thumbprintFiles, Collection<Path> crlSources) {
    this.trustStore = trustStore;
    this.thumbprintFiles = List.copyOf(thumbprintFiles);
    this.crlSources = List.copyOf(crlSources);
  }

  /**
   * Loads the lists at start-up, strictly: a line that is not a thumbprint is an error here.
   *
   * @param trustStore completes chains that leave out their root
   * @param thumbprintFiles thumbprint lists
   * @param crlSources CRL files, or folders of {@code .crl}/{@code .pem}/{@code .der} files
   * @throws IllegalArgumentException naming the file (and line) that could not be used
   */
  public static RevocationList load(
      TrustStore trustStore, Collection<Path> thumbprintFiles, Collection<Path> crlSources)
      throws IOException {
    RevocationList list = new RevocationList(trustStore, thumbprintFiles, crlSources);
    List<String> problems = list.reload();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return list;
  }

  /** A list that revokes nothing and has no files. */
  public static RevocationList none(TrustStore trustStore) {
    RevocationList list = new RevocationList(trustStore, List.of(), List.of());
    list.current.set(new Snapshot(Set.of(), List.of(), new ConcurrentHashMap<>()));
    return list;
  }

  /**
   * Re-reads every source and swaps the new lists in, then tells the listeners. Lines that are not
   * thumbprints are skipped and returned (the rest still applies).
   *
   * @return the skipped lines, as "file:line: problem"
   * @throws IOException or IllegalArgumentException if a file is missing or a CRL unreadable; the
   *     previous lists then stay in force
   */
  public synchronized List<String> reload() throws IOException {
    String fingerprint = RevocationFiles.fingerprint(thumbprintFiles, crlSources);
    lastFingerprint = fingerprint;
    RevocationFiles.ThumbprintLines t = RevocationFiles.readThumbprints(thumbprintFiles);
    List<X509CRL> crls = RevocationFiles.readCrls(crlSources);
    Snapshot s = new Snapshot(t.values(), crls, new ConcurrentHashMap<>());
    // check each CRL's signature here, on the reloading thread, against the trusted CAs that
    // issued it, so that the checks of live sessions (on the event loop) only look the result up
    for (int k = 0; k < crls.size(); k++) {
      for (X509Certificate ca : trustStore.certificates()) {
        if (ca.getSubjectX500Principal().equals(crls.get(k).getIssuerX500Principal())) {
          verified(s, k, ca.getPublicKey());
        }
      }
    }
    current.set(s);
    for (String p : t.problems()) {
      log.warn("revocation list: {}", p);
    }
    log.info("revocation list loaded: {} thumbprints, {} CRLs", t.values().size(), crls.size());
    notifyListeners(s);
    return t.problems();
  }

  private void notifyListeners(Snapshot s) {
    for (RevocationListener l : listeners) {
      try {
        l.revocationsReloaded(chain -> reason(s, chain).isPresent());
      } catch (RuntimeException e) {
        log.error("revocation listener {} failed", l, e);
      }
    }
  }

  /** Registers a listener, told after every later reload. */
  public void addListener(RevocationListener listener) {
    listeners.add(java.util.Objects.requireNonNull(listener));
  }

  public void removeListener(RevocationListener listener) {
    listeners.remove(listener);
  }

  /**
   * Why the chain is refused, if it is: "revoked (thumbprint list)" or "revoked by CRL of
   * &lt;issuer DN&gt;" for the leaf, with ": CA &lt;subject DN&gt;" appended when it is an issuing
   * CA that is revoked.
   *
   * @param chain leaf first; a missing trusted root is added from the trust store
   */
  public Optional<String> check(List<X509Certificate> chain) {
    return reason(current.get(), chain);
  }

  /** Whether {@link #check} refuses the chain. */
  public boolean isRevoked(List<X509Certificate> chain) {
    return check(chain).isPresent();
  }

  private Optional<String> reason(Snapshot s, List<X509Certificate> presented) {
    List<X509Certificate> chain = complete(presented);
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate cert = chain.get(i);
      String who = i == 0 ? "" : ": CA " + cert.getSubjectX500Principal().getName();
      if (!s.thumbprints().isEmpty()
          && (s.thumbprints().contains(Thumbprints.sha1(cert))
              || s.thumbprints().contains(Thumbprints.sha256(cert)))) {
        return Optional.of("revoked (thumbprint list)" + who);
      }
      if (i + 1 < chain.size()) {
        X509Certificate issuer = chain.get(i + 1);
        for (int k = 0; k < s.crls().size(); k++) {
          X509CRL crl = s.crls().get(k);
          if (crl.getIssuerX500Principal().equals(cert.getIssuerX500Principal())
              && crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
              && crl.isRevoked(cert)
              && verified(s, k, issuer.getPublicKey())) {
            return Optional.of("revoked by CRL of " + crl.getIssuerX500Principal().getName() + who);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean verified(Snapshot s, int index, PublicKey issuerKey) {
    return s.verified()
        .computeIfAbsent(
            new CrlKey(index, issuerKey),
            key -> {
              X509CRL crl = s.crls().get(index);
              try {
                crl.verify(issuerKey);
                return true;
              } catch (GeneralSecurityException e) {
                log.warn(
                    "CRL of {} ignored: not signed by that CA",
                    crl.getIssuerX500Principal().getName());
                return false;
              }
            });
  }

  /** The chain with its trusted issuer appended while its top is not self-issued. */
  private List<X509Certificate> complete(List<X509Certificate> presented) {
    List<X509Certificate> chain = new ArrayList<>(presented);
    while (!chain.isEmpty() && chain.size() < MAX_CHAIN) {
      X509Certificate top = chain.get(chain.size() - 1);
      if (top.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
        break;
      }
      Optional<X509Certificate> issuer = trustStore.issuerOf(top);
      if (issuer.isEmpty() || chain.contains(issuer.get())) {
        break;
      }
      chain.add(issuer.get());
    }
    return chain;
  }

  /**
   * Polls the sources every {@code period} and reloads when a file's modification time or size
   * changes, when its symbolic links lead elsewhere or to another file (Kubernetes' atomic swap of
   * {@code ..data} in a mounted ConfigMap or Secret), or when a folder gains or loses a file.
   * Failures are logged; the next change retries.
   *
   * @return closing it stops the polling
   */
  public Closeable watch(ScheduledExecutorService scheduler, Duration period) {
    long nanos = period.toNanos();
    ScheduledFuture<?> task =
        scheduler.scheduleWithFixedDelay(this::poll, nanos, nanos, TimeUnit.NANOSECONDS);
    return () -> task.cancel(false);
  }

  /** {@link #watch(ScheduledExecutorService, Duration)} once a second. */
  public Closeable watch(ScheduledExecutorService scheduler) {
    return watch(scheduler, Duration.ofSeconds(1));
  }

  private void poll() {
    try {
      if (!RevocationFiles.fingerprint(thumbprintFiles, crlSources).equals(lastFingerprint)) {
        reload();
      }
    } catch (IOException | RuntimeException e) {
      log.error("revocation list not reloaded, previous lists stay in force: {}", e.toString());
    }
  }

  @Override
  public String toString() {
    Snapshot s = current.get();
    return "RevocationList["
        + s.thumbprints().size()
        + " thumbprints, "
        + s.crls().size()
        + " CRLs]";
  }
}
