package org.p2sgate.auth.entra;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.text.ParseException;
import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The claim checks, in a fixed order so that a token failing several gets one deterministic reason:
 *
 * <ol>
 *   <li>required claims present (iss, aud, tid, exp, nbf, iat), missing ones listed sorted;
 *   <li>issuer in the allow-list (exact string match);
 *   <li>Nimbus {@link DefaultJWTClaimsVerifier}: audience allow-list, exact {@code tid}, exp and
 *       nbf with the skew, against the injected clock;
 *   <li>iat not in the future beyond the skew;
 *   <li>an identity claim; required groups; required roles.
 * </ol>
 *
 * Runs inside {@code DefaultJWTProcessor} after the signature is verified.
 */
final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {

  static final Set<String> REQUIRED = Set.of("iss", "aud", "tid", "exp", "nbf", "iat");

  /** Claims copied into {@code Accepted.attributes()}; everything else is dropped. */
  static final List<String> ATTRIBUTE_CLAIMS =
      List.of(
          "oid",
          "tid",
          "upn",
          "preferred_username",
          "unique_name",
          "email",
          "name",
          "sub",
          "iss",
          "appid",
          "azp",
          "scp",
          "roles",
          "groups",
          "amr",
          "idp",
          "ipaddr",
          "exp");

  private final EntraConfig config;
  private final Clock clock;
  private final DefaultJWTClaimsVerifier<SecurityContext> nimbus;

  ClaimsCheck(EntraConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.nimbus =
        new DefaultJWTClaimsVerifier<>(
            new HashSet<>(config.audiences()),
            new JWTClaimsSet.Builder().claim("tid", config.tenantId()).build(),
            REQUIRED,
            null) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    nimbus.setMaxClockSkew((int) config.clockSkew().toSeconds());
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    TreeSet<String> missing = new TreeSet<>();
    for (String name : REQUIRED) {
      if (claims.getClaim(name) == null) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new TokenRejectedException(Reasons.MISSING_PREFIX + missing);
    }
    if (!config.allowedIssuers().contains(claims.getIssuer())) {
      throw new TokenRejectedException(Reasons.WRONG_ISSUER);
    }
    try {
      nimbus.verify(claims, context);
    } catch (BadJWTException e) {
      throw new TokenRejectedException(reasonFor(e));
    }
    Date iat = claims.getIssueTime();
    if (iat.toInstant().isAfter(clock.instant().plus(config.clockSkew()))) {
      throw new TokenRejectedException(Reasons.ISSUED_IN_FUTURE);
    }
    if (identity(claims).isEmpty()) {
      throw new TokenRejectedException(Reasons.NO_IDENTITY);
    }
    if (!anyOf(config.requiredGroups(), stringList(claims, "groups"))) {
      throw new TokenRejectedException(Reasons.NO_GROUP);
    }
    if (!anyOf(config.requiredRoles(), stringList(claims, "roles"))) {
      throw new TokenRejectedException(Reasons.NO_ROLE);
    }
  }

  /**
   * Maps Nimbus' messages to ours. Nimbus 10.x throws: "JWT aud claim rejected", "JWT missing
   * required aud claim", "JWT tid claim value rejected", "Expired JWT", "JWT before use time"; the
   * tests pin each mapping, so a changed message in a later Nimbus shows up as a failing test.
   */
  private static String reasonFor(BadJWTException e) {
    String m = String.valueOf(e.getMessage());
    if (m.startsWith("JWT aud claim") || m.startsWith("JWT missing required aud")) {
      return Reasons.WRONG_AUDIENCE;
    } else if (m.startsWith("JWT tid claim")) {
      return Reasons.WRONG_TENANT;
    } else if (m.equals("Expired JWT")) {
      return Reasons.EXPIRED;
    } else if (m.equals("JWT before use time")) {
      return Reasons.NOT_YET_VALID;
    }
    return Reasons.INVALID_CLAIMS;
  }

  /** The first configured identity claim that is a non-blank string. */
  Optional<String> identity(JWTClaimsSet claims) {
    for (String name : config.identityClaims()) {
      if (claims.getClaim(name) instanceof String s && !s.isBlank()) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /**
   * The group facts of a token: each entry of its {@code groups} claim (object ids) and of its
   * {@code roles} claim (app role values), as {@code claim-groups:ID} and {@code claim-roles:NAME}.
   */
  static java.util.Set<String> groups(JWTClaimsSet claims) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (String claim : List.of("groups", "roles")) {
      String source =
          claim.equals("groups")
              ? org.p2sgate.auth.GroupFacts.CLAIM_GROUPS
              : org.p2sgate.auth.GroupFacts.CLAIM_ROLES;
      Object value = claims.getClaim(claim);
      Collection<?> values =
          value instanceof Collection<?> c ? c : List.of(value == null ? "" : value);
      for (Object v : values) {
        String fact = v instanceof String s ? org.p2sgate.auth.GroupFacts.of(source, s) : null;
        if (fact != null) {
          out.add(fact);
        }
      }
    }
    return out;
  }

  /** The allow-listed claims as strings: lists joined with commas, dates as epoch seconds. */
  static Map<String, String> attributes(JWTClaimsSet claims) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : ATTRIBUTE_CLAIMS) {
      Object value = claims.getClaim(name);
      if (value instanceof Date d) {
        out.put(name, Long.toString(d.toInstant().getEpochSecond()));
      } else if (value instanceof Collection<?> c) {
        out.put(name, String.join(",", c.stream().map(String::valueOf).toList()));
      } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        out.put(name, value.toString());
      }
    }
    return out;
  }

  /**
   * Entra replaces {@code groups} by an overage indicator ({@code _claim_names}) past 200 groups;
   * such a token has no groups here and fails a group requirement (use app roles instead).
   */
  private static List<String> stringList(JWTClaimsSet claims, String name) {
    try {
      List<String> values = claims.getStringListClaim(name);
      return values == null ? List.of() : values;
    } catch (ParseException e) {
      return List.of();
    }
  }

  private static boolean anyOf(Set<String> required, List<String> present) {
    return required.isEmpty() || present.stream().anyMatch(required::contains);
  }
}
