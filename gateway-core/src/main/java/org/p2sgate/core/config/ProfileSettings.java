package org.p2sgate.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What client profiles need beyond the gateway's own settings ({@code profiles:} in gateway.yaml):
 * where the PKI is, the addresses clients connect to, and the static-challenge prompt.
 *
 * @param pkiDir the PKI folder (default: {@code pki/} next to the configuration)
 * @param remotes where clients connect, in order (empty: only what {@code --remote} says)
 * @param staticChallenge the prompt for an OTP sent with the password (RADIUS policies), or {@code
 *     null} for none
 */
public record ProfileSettings(Path pkiDir, List<Remote> remotes, String staticChallenge) {
  public ProfileSettings {
    Objects.requireNonNull(pkiDir, "pkiDir");
    remotes = List.copyOf(remotes);
    if (staticChallenge != null
        && (staticChallenge.isBlank()
            || staticChallenge.length() > 200
            || staticChallenge.chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20))) {
      throw new IllegalArgumentException(
          "static-challenge must be 1 to 200 printable characters without quotes or backslashes");
    }
  }

  /** The defaults for a configuration in {@code baseDir}. */
  public static ProfileSettings defaults(Path baseDir) {
    return new ProfileSettings(baseDir.resolve("pki"), List.of(), null);
  }
}
