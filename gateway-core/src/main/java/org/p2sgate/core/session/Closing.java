package org.p2sgate.core.session;

import org.p2sgate.core.observe.CloseCause;

/**
 * A close a session has been told of and lingers for (AUTH_FAILED, RESTART or HALT sent, an EXIT
 * received, a TLS error): why, and when at the latest it happens. The first reason stands; a later
 * one may only bring the time forward ({@link #earlier}).
 *
 * @param cause why the session ends
 * @param detail the words for the log and accounting
 * @param at when the session closes
 */
record Closing(CloseCause cause, String detail, long at) {
  /** The same close, at {@code other} if that is sooner. */
  Closing earlier(long other) {
    return other < at ? new Closing(cause, detail, other) : this;
  }
}
