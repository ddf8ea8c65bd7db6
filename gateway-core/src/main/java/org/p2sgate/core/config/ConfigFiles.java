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

  /** Reads a configuration file itself: errors read "cannot read FILE: reason". */
  static String readConfig(Path file) throws ConfigException {
    return read(file, null, null);
  }

  /**
   * Reads a file that a configuration names.
   *
   * @param where where the file was named (the prefix of errors)
   * @param what what the file is, e.g. "'ca' file"
   */
  static String read(Path file, Where where, String what) throws ConfigException {
    try {
      if (Files.isDirectory(file)) {
        throw problem(file, where, what, "it is a directory");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw problem(file, where, what, "it is larger than 1 MiB; is it the right file?");
      }
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw problem(file, where, what, "no such file");
    } catch (AccessDeniedException e) {
      throw problem(file, where, what, "permission denied");
    } catch (IOException e) {
      throw problem(file, where, what, e.getMessage());
    }
  }

  private static ConfigException problem(Path file, Where where, String what, String reason) {
    String message = "cannot read " + (what == null ? "" : what + " ") + file + ": " + reason;
    return where == null ? new ConfigException(message) : where.error(message);
  }

  /** {@code name} relative to {@code baseDir} unless absolute. */
  static Path resolve(Path baseDir, String name) {
    Path p = Path.of(name);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
  }
}
