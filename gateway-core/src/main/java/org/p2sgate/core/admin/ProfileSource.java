package org.p2sgate.core.admin;

import java.util.Map;

/**
 * Where the admin API gets users' client profiles ({@code GET /api/v1/profiles/{user}}).
 * Implementations read the PKI; the API only maps the outcome to HTTP.
 */
@FunctionalInterface
public interface ProfileSource {
  /**
   * The profile of {@code user}.
   *
   * @param query the request's query parameters ({@code format}, {@code policy})
   */
  Outcome profile(String user, Map<String, String> query);

  /** A made profile, or why not. */
  sealed interface Outcome {
    /** The profile (its body holds keys: never logged). */
    record Made(String fileName, String contentType, byte[] body) implements Outcome {
      @Override
      public String toString() {
        return "Made[" + fileName + "]";
      }
    }

    /** Refused, with the HTTP status and a one-line reason. */
    record Refused(int status, String reason) implements Outcome {}
  }

  /** For a gateway whose configuration does not say where the PKI is. */
  ProfileSource NONE =
      (user, query) ->
          new Outcome.Refused(
              404, "profiles are not available: the gateway is configured by server.conf");
}
