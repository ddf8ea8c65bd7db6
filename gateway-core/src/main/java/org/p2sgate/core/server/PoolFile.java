package org.p2sgate.core.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.p2sgate.core.ippool.IpPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves and restores who had which pool address, so that addresses stay with their identities
 * across restarts and crashes. The file is OpenVPN's {@code ifconfig-pool-persist} format: one
 * {@code identity,address} line each (a third field, the IPv6 address, is read and ignored).
 *
 * <p>The pool belongs to the event loop: {@link #saveIfChanged} takes a copy there when something
 * changed and hands it to a writer thread of its own, which replaces the file atomically. A crash
 * loses at most the last second's changes.
 */
final class PoolFile implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PoolFile.class);

  private final Path file;
  private final IpPool pool;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "p2sgate-pool-writer");
            t.setDaemon(true);
            return t;
          });
  private long savedVersion;

  private PoolFile(Path file, IpPool pool) {
    this.file = file;
    this.pool = pool;
  }

  /** Restores what {@code file} remembers into {@code pool} (a missing file is a first start). */
  static PoolFile open(Path file, IpPool pool) throws IOException {
    PoolFile p = new PoolFile(file, pool);
    if (Files.exists(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      int restored = 0;
      for (int n = 0; n < lines.size(); n++) {
        String line = lines.get(n).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        if (restore(line, pool)) {
          restored++;
        } else {
          log.warn("{}:{}: not 'identity,address' of the pool; skipped", file, n + 1);
        }
      }
      log.info("{}: {} client address(es) restored", file, restored);
    }
    p.savedVersion = pool.version();
    return p;
  }

  private static boolean restore(String line, IpPool pool) {
    String[] f = line.split(",", -1);
    if (f.length < 2 || f.length > 3 || f[0].isEmpty() || !f[1].matches("[0-9.]{7,15}")) {
      return false;
    }
    try {
      return InetAddress.getByName(f[1]) instanceof Inet4Address a && pool.remember(f[0], a);
    } catch (java.net.UnknownHostException e) {
      return false; // a dotted literal is never looked up; this cannot happen
    }
  }

  /** On the event loop: if the pool changed since the last save, saves a copy (off the loop). */
  void saveIfChanged() {
    if (pool.version() == savedVersion) {
      return;
    }
    savedVersion = pool.version();
    Map<String, Inet4Address> copy = pool.remembered();
    writer.execute(() -> write(copy));
  }

  private void write(Map<String, Inet4Address> remembered) {
    StringBuilder b = new StringBuilder();
    remembered.forEach(
        (who, a) -> {
          if (who.indexOf(',') < 0 && who.chars().noneMatch(Character::isISOControl)) {
            b.append(who).append(',').append(a.getHostAddress()).append('\n');
          }
        });
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, b, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.warn("cannot save client addresses to {}: {}", file, e.toString());
    }
  }

  /** Saves what is left (the loop has stopped: the pool is ours to read) and stops the writer. */
  @Override
  public void close() {
    saveIfChanged();
    writer.shutdown();
    try {
      writer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
