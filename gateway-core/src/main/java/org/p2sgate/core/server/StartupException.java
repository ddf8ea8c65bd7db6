package org.p2sgate.core.server;

/**
 * A problem the operator must fix before the gateway can start (bad config, missing file, no
 * permission for the TUN device). The message is one line saying what is wrong and what to do; the
 * launcher prints it and exits with status 2.
 */
public class StartupException extends Exception {
  private static final long serialVersionUID = 1L;

  public StartupException(String message) {
    super(message);
  }

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
