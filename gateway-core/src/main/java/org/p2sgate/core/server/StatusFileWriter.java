package org.p2sgate.core.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.p2sgate.core.admin.GatewayControl;
import org.p2sgate.core.config.StatusSettings;
import org.p2sgate.core.session.SessionInfo;
import org.p2sgate.core.status.StatusFormat;
import org.p2sgate.core.status.StatusReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the OpenVPN status file at start and every interval, on a thread of its own: the sessions
 * are copied on the event loop, the text is made and written here. Each write goes to a temporary
 * file (0600, as the reference creates its file) that then replaces the status file, so a reader
 * never sees half a report. A failed write is logged once until a write succeeds again.
 */
final class StatusFileWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StatusFileWriter.class);

  private final StatusSettings settings;
  private final GatewayControl gateway;
  private final String title;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private boolean failing;

  private StatusFileWriter(
      StatusSettings settings, GatewayControl gateway, String title, Clock clock) {
    this.settings = settings;
    this.gateway = gateway;
    this.title = title;
    this.clock = clock;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("p2sgate-status").unstarted(r));
  }

  /** Starts writing; fails when the file's folder is missing or not writable. */
  static StatusFileWriter start(
      StatusSettings settings, GatewayControl gateway, String title, Clock clock)
      throws StartupException {
    Path dir = settings.file().toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new StartupException(
          "status file " + settings.file() + ": its folder " + dir + " is missing or not writable");
    }
    StatusFileWriter w = new StatusFileWriter(settings, gateway, title, clock);
    long every = settings.interval().toMillis();
    w.thread.scheduleWithFixedDelay(w::writeOnce, 0, every, TimeUnit.MILLISECONDS);
    log.info(
        "status file {} (version {}) every {} s",
        settings.file(),
        settings.version(),
        settings.interval().toSeconds());
    return w;
  }

  private void writeOnce() {
    try {
      List<SessionInfo> sessions = gateway.sessions().get(5, TimeUnit.SECONDS);
      StatusReport report =
          new StatusReport(title, clock.millis(), ZoneId.systemDefault(), sessions);
      StringBuilder text = new StringBuilder();
      for (String line : StatusFormat.of(settings.version()).render(report)) {
        text.append(line).append('\n');
      }
      write(settings.file(), text.toString());
      if (failing) {
        log.info("status file {} written again", settings.file());
        failing = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!failing) {
        log.warn("status file {}: cannot write: {}", settings.file(), e.toString());
        failing = true;
      }
    }
  }

  /** Replaces {@code file} by {@code text} in one step. */
  static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
