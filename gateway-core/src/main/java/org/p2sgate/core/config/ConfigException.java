package org.p2sgate.core.config;

/**
 * A configuration the gateway cannot run with. The message is a single line meant for the operator:
 * it names the file (and line, where there is one) and says what to change, e.g. {@code
 * server.conf:12: unsupported directive 'fragment' (not supported by p2sgate; remove it)}. It never
 * contains key material.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(oneLine(message));
  }

  public ConfigException(String message, Throwable cause) {
    super(oneLine(message), cause);
  }

  static String oneLine(String message) {
    return message == null ? "invalid configuration" : message.replaceAll("[\\r\\n]+\\s*", " ");
  }
}
