package org.p2sgate.core.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This host's name as the kernel has it for this process's UTS namespace (a Kubernetes pod's is the
 * pod's name), without asking DNS.
 */
final class HostName {
  private static final Path KERNEL = Path.of("/proc/sys/kernel/hostname");

  private HostName() {}

  /** The host name, or {@code null} when it cannot be read. */
  static String read() {
    try {
      String name = Files.readString(KERNEL).strip();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or no /proc: fall back to the shell's variable
    }
    String env = System.getenv("HOSTNAME");
    return env == null || env.isBlank() ? null : env.strip();
  }
}
