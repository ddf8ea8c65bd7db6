package org.p2sgate.core.pki;

import java.util.Objects;

/**
 * A PKI operation the operator asked for cannot be done as asked (no CA yet, unknown user, a name
 * that is not allowed, ...). The message is one line meant for the operator and never holds key
 * material.
 */
public final class PkiException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why, as the admin API answers it. */
  public enum Kind {
    /** The request itself is wrong (a name that is not allowed, an unknown policy). */
    INVALID,
    /** No such user or certificate, or not a usable one (revoked, expired). */
    NOT_FOUND,
    /** The PKI or configuration is not in a state to do it (no CA key, no remote known). */
    STATE
  }

  private final Kind kind;

  public PkiException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public PkiException(String message) {
    this(Kind.STATE, message);
  }

  public Kind kind() {
    return kind;
  }
}
