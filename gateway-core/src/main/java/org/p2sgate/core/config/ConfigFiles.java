package org.p2sgate.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the files a configuration refers to, with errors an operator can act on. */
final class ConfigFiles {
  /** Config, certificate and key files are small; anything larger is a mistake. */
  static final long MAX_BYTES = 1 << 20;

  private ConfigFiles() {}

  /**
   * Reads a text file.
   *
   * @param where where the file was named (for the error prefix)
   * @param what what the file is, e.g. "'ca' file"
   */
  static String read(Path file, Where where, String what) throws ConfigException {
    try {
      if (Files.isDirectory(file)) {
        throw where.error("cannot read " + what + " " + file + ": it is a directory");
      }
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw where.error(what + " " + file + " is larger than 1 MiB; is it the right file?");
      }
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw where.error("cannot read " + what + " " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw where.error("cannot read " + what + " " + file + ": permission denied");
    } catch (IOException e) {
      throw where.error("cannot read " + what + " " + file + ": " + e.getMessage());
    }
  }

  /** {@code name} relative to {@code baseDir} unless absolute. */
  static Path resolve(Path baseDir, String name) {
    Path p = Path.of(name);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
  }
}
