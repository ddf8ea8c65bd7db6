package org.p2sgate.core.control;

/**
 * One control-channel wrapping mode (wire doc section 3): none, tls-auth or tls-crypt.
 *
 * <p>Implementations hold keys and cached {@code Mac}/{@code Cipher} objects, so one instance
 * belongs to one thread (the gateway's event loop). Replay state lives with each session, not here:
 * {@link #unwrap} authenticates only.
 */
public interface ControlWrap {
  /** Length of {@code opcode || session id}. */
  int HEADER = 9;

  /** Bytes this wrap adds on the wire beyond header and body. */
  int wireOverhead();

  /**
   * Bytes the reference reserves for this wrap when it sizes control packets (wire doc 2.4).
   * Usually {@link #wireOverhead()}; tls-crypt reserves one more cipher block.
   */
  default int budgetOverhead() {
    return wireOverhead();
  }

  /** Whether packets carry a replay id (tls-auth, tls-crypt). */
  boolean hasReplayId();

  /** Builds a wire packet. {@code replayPid}/{@code replayTime} are ignored without replay ids. */
  byte[] wrap(int firstByte, long sessionId, long replayPid, long replayTime, byte[] body);

  /**
   * Verifies and removes the wrapping. Never throws on peer input.
   *
   * @return the unwrapped packet, or {@code null} if it is too short or fails authentication
   */
  Unwrapped unwrap(byte[] packet, int off, int len);

  /** Forgets the keys of a wrap its session owns (tls-crypt-v2); shared wraps keep theirs. */
  default void destroy() {}
}
