package org.p2sgate.auth.radius;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the gateway talks to RADIUS.
 *
 * @param primary asked first
 * @param secondary asked when the primary does not answer (validly) in time; may be empty
 * @param nasIdentifier sent as NAS-Identifier
 * @param nasIpAddress sent as NAS-IP-Address; may be empty
 * @param authMethod how the password is carried
 * @param staticChallenge how an OpenVPN static-challenge answer (password + OTP) is sent
 * @param accounting whether to send Accounting-Request packets
 * @param interimInterval how often to send Interim-Update while a session lives
 */
public record RadiusConfig(
    RadiusServerConfig primary,
    Optional<RadiusServerConfig> secondary,
    String nasIdentifier,
    Optional<Inet4Address> nasIpAddress,
    AuthMethod authMethod,
    StaticChallengeMode staticChallenge,
    boolean accounting,
    Duration interimInterval) {

  /** How the password travels. */
  public enum AuthMethod {
    /** User-Password, hidden with the shared secret (RFC 2865 5.2). */
    PAP,
    /** MS-CHAP-Challenge + MS-CHAP2-Response (RFC 2548, RFC 2759). */
    MSCHAPV2
  }

  /** How a static-challenge answer reaches the server. */
  public enum StaticChallengeMode {
    /** One request whose password is the password followed by the OTP. */
    CONCATENATE,
    /** The password first; the OTP answers the Access-Challenge that comes back. */
    TWO_ROUNDS
  }

  public RadiusConfig {
    Objects.requireNonNull(primary, "primary");
    Objects.requireNonNull(secondary, "secondary");
    Objects.requireNonNull(nasIdentifier, "nasIdentifier");
    Objects.requireNonNull(nasIpAddress, "nasIpAddress");
    Objects.requireNonNull(authMethod, "authMethod");
    Objects.requireNonNull(staticChallenge, "staticChallenge");
    Objects.requireNonNull(interimInterval, "interimInterval");
    if (nasIdentifier.isEmpty() && nasIpAddress.isEmpty()) {
      throw new IllegalArgumentException("RADIUS needs a NAS-Identifier or a NAS-IP-Address");
    }
    if (interimInterval.compareTo(Duration.ofSeconds(60)) < 0) {
      throw new IllegalArgumentException("interim interval below 60 s: " + interimInterval);
    }
  }

  /** The servers in the order they are tried. */
  public List<RadiusServerConfig> servers() {
    return secondary.map(s -> List.of(primary, s)).orElseGet(() -> List.of(primary));
  }
}
