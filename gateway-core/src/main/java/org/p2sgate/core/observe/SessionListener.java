package org.p2sgate.core.observe;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Hears about sessions that were admitted and that ended, for accounting and metrics. Called on the
 * gateway's event loop: implementations hand slow work to their own threads.
 */
public interface SessionListener {
  /** Does nothing. */
  SessionListener NONE = new SessionListener() {};

  /**
   * A session passed authentication and got its address.
   *
   * @param sessionId the gateway's id for the session
   * @param identity who authentication said the user is
   * @param source the client's transport address (may be {@code null})
   * @param address the tunnel address
   * @param attributes what authentication returned (e.g. RADIUS Class)
   */
  default void established(
      String sessionId,
      String identity,
      InetSocketAddress source,
      Inet4Address address,
      Map<String, String> attributes) {}

  /** How often {@link #interim} is wanted for each established session; zero for never. */
  default java.time.Duration interimInterval() {
    return java.time.Duration.ZERO;
  }

  /**
   * An established session's running totals, every {@link #interimInterval()} while it lasts.
   *
   * @param bytesIn tunnelled bytes received from the client so far
   * @param bytesOut tunnelled bytes sent to the client so far
   * @param durationMs how long it has been established
   */
  default void interim(String sessionId, long bytesIn, long bytesOut, long durationMs) {}

  /**
   * An established session ended.
   *
   * @param bytesIn tunnelled bytes received from the client
   * @param bytesOut tunnelled bytes sent to the client
   * @param durationMs how long it was established
   * @param cause why it ended
   * @param detail the same, in words, for people
   */
  default void ended(
      String sessionId,
      long bytesIn,
      long bytesOut,
      long durationMs,
      CloseCause cause,
      String detail) {}
}
