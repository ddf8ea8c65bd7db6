package org.p2sgate.core.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * OpenVPN's {@code client-config-dir DIR} (and {@code ccd-exclusive}): per-client files, read at
 * each login, named by the client's certificate common name (without a certificate: its login
 * name), with a file {@value #DEFAULT_FILE} for clients that have none.
 *
 * @param dir the directory
 * @param exclusive whether a client without a file of its own is refused ({@code ccd-exclusive};
 *     {@value #DEFAULT_FILE} does not count, as in the reference)
 */
public record ClientConfigDir(Path dir, boolean exclusive) {
  /** The reference's {@code CCD_DEFAULT}. */
  public static final String DEFAULT_FILE = "DEFAULT";

  public ClientConfigDir {
    Objects.requireNonNull(dir, "dir");
  }

  /**
   * The file name for a client's name as the reference's {@code platform_gen_path} makes it:
   * non-printable characters and {@code /} become {@code _}; {@code null} for "." and "..", which
   * name no file.
   */
  public static String fileName(String name) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      b.append(c < 0x20 || c == 0x7f || c == '/' ? '_' : c);
    }
    String safe = b.toString();
    return safe.equals(".") || safe.equals("..") ? null : safe;
  }

  /** Reads a file of the directory by name: its text, or {@code null} if there is no such file. */
  @FunctionalInterface
  public interface Source {
    String read(String fileName) throws java.io.IOException;
  }

  /**
   * The configuration of the client named {@code name}: its own file, else {@value #DEFAULT_FILE},
   * else none ({@link ClientConfig#NONE}); with {@link #exclusive} its own file must exist.
   *
   * @throws ConfigException the client is to be refused: the message names the file (and line)
   */
  public ClientConfig load(String name, Source files) throws ConfigException {
    String own = fileName(name);
    if (own != null && own.equals(DEFAULT_FILE)) {
      own = null; // a client named DEFAULT has no file of its own
    }
    String text = own == null ? null : read(files, own);
    if (text != null) {
      return ClientConfigParser.parse(text, dir.resolve(own).toString());
    }
    if (exclusive) {
      throw new ConfigException(
          "ccd-exclusive: no file for '"
              + org.p2sgate.core.observe.LogText.printable(name)
              + "' in "
              + dir);
    }
    text = read(files, DEFAULT_FILE);
    return text == null
        ? ClientConfig.NONE
        : ClientConfigParser.parse(text, dir.resolve(DEFAULT_FILE).toString());
  }

  private String read(Source files, String fileName) throws ConfigException {
    try {
      return files.read(fileName);
    } catch (java.io.IOException e) {
      throw new ConfigException(dir.resolve(fileName) + ": cannot read it: " + e.getMessage());
    }
  }
}
