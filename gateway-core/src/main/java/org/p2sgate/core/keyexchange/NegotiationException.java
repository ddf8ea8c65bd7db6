package org.p2sgate.core.keyexchange;

/** The client and server share no usable setting; the client gets AUTH_FAILED with the message. */
public final class NegotiationException extends Exception {
  private static final long serialVersionUID = 1L;

  public NegotiationException(String message) {
    super(message);
  }
}
