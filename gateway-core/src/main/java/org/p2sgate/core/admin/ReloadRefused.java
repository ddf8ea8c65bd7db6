package org.p2sgate.core.admin;

/**
 * A reload that was not applied: the configuration is invalid, or changes a setting that needs a
 * restart. The gateway keeps running with the configuration it had; the message says why.
 */
public final class ReloadRefused extends Exception {
  public ReloadRefused(String message) {
    super(message, null, false, false);
  }
}
