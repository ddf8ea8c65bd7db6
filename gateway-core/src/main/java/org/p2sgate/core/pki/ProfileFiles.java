package org.p2sgate.core.pki;

import java.io.IOException;
import java.nio.file.Path;

/** Writing a profile: it holds keys, so mode 0600, written atomically. */
public final class ProfileFiles {
  private ProfileFiles() {}

  public static void write(Path file, byte[] body) throws IOException {
    PemFiles.writeBytes(file, body, PemFiles.PRIVATE);
  }
}
