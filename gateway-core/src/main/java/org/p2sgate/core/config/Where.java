package org.p2sgate.core.config;

/**
 * A place in a configuration file, printed as {@code file}, {@code file:line} or {@code
 * file:line:column}; used as the prefix of every error and warning.
 */
record Where(String file, int line, int column) {

  static Where file(String file) {
    return new Where(file, 0, 0);
  }

  static Where line(String file, int line) {
    return new Where(file, line, 0);
  }

  ConfigException error(String message) {
    return new ConfigException(this + ": " + message);
  }

  String note(String message) {
    return ConfigException.oneLine(this + ": " + message);
  }

  @Override
  public String toString() {
    if (line <= 0) {
      return file;
    }
    return column <= 0 ? file + ":" + line : file + ":" + line + ":" + column;
  }
}
