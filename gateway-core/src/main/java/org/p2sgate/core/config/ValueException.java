package org.p2sgate.core.config;

/**
 * A value that does not pass validation. The front ends add the file and line and turn it into a
 * {@link ConfigException}; the message never contains key material.
 */
final class ValueException extends Exception {
  private static final long serialVersionUID = 1L;

  ValueException(String message) {
    super(message);
  }
}
