package org.p2sgate.core.session;

/**
 * What the session table made of an accepted login ({@link SessionHost#admit}): admitted; refused,
 * with the reason; or deferred, because a session it replaces (same common name or auth-token)
 * belongs to another table, which ends it first and then hands the login back to be admitted.
 *
 * @param refusal why the login was refused, or {@code null}
 * @param deferred whether the login comes back later
 */
record Admission(String refusal, boolean deferred) {
  static final Admission ADMITTED = new Admission(null, false);
  static final Admission DEFERRED = new Admission(null, true);

  static Admission refused(String why) {
    return new Admission(why, false);
  }
}
