package org.p2sgate.core.wire;

/** A packet that does not parse. Thrown only inside the control path and counted as a drop. */
public final class WireFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message, null, false, false);
  }
}
