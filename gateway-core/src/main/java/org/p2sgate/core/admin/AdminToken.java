package org.p2sgate.core.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The admin API's bearer token, read from its file (created with 32 random bytes, mode 0600, if it
 * is missing), compared in constant time. Never logged.
 */
public final class AdminToken {
  static final int MIN_LENGTH = 16;
  private final byte[] token;

  private AdminToken(byte[] token) {
    this.token = token;
  }

  /** Reads {@code file}, creating it with a new random token first if it does not exist. */
  public static AdminToken load(Path file) throws IOException {
    if (!Files.exists(file)) {
      byte[] raw = new byte[32];
      new SecureRandom().nextBytes(raw);
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.writeString(file, HexFormat.of().formatHex(raw) + "\n");
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system: the operator protects the file
      }
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (text.length() < MIN_LENGTH || text.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IOException(
          file + ": the admin token must be at least " + MIN_LENGTH + " printable characters");
    }
    return new AdminToken(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** A token held in memory (tests). */
  static AdminToken of(String token) {
    return new AdminToken(token.getBytes(StandardCharsets.US_ASCII));
  }

  /** Whether {@code header} is {@code Bearer <this token>}; constant time in the token. */
  boolean matches(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(token, given);
  }
}
