package org.p2sgate.auth.entra;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an Entra ID token must look like to be accepted. Start from {@link #forTenant(String)} and
 * change what differs with the {@code with...} methods.
 *
 * @param tenantId the directory (tenant) id; the token's {@code tid} must equal it
 * @param allowedIssuers exact {@code iss} values accepted (v1 and v2 forms by default)
 * @param audiences {@code aud} values accepted; any one of them suffices
 * @param discoveryUrl the OIDC discovery document whose {@code jwks_uri} holds the signing keys
 * @param clockSkew tolerance for exp, nbf and iat
 * @param identityClaims claims tried in order for the session identity
 * @param requiredGroups if not empty, the {@code groups} claim must hold at least one of them
 * @param requiredRoles if not empty, the {@code roles} claim must hold at least one of them
 * @param jwksCacheLifetime how long fetched keys count as fresh; from its last quarter (at most 30
 *     s before its end) on, a login that uses them starts a refresh in the background
 * @param jwksOutageTolerance how much longer than their lifetime the last keys stay usable while
 *     they cannot be refreshed (the JWKS endpoint down or slow); 0 makes expired keys unusable
 * @param httpTimeout connect and read timeout for discovery and JWKS fetches, and the longest a
 *     login waits for another login's fetch
 * @param maxTokenLength longest token (characters) that is parsed at all
 */
public record EntraConfig(
    String tenantId,
    List<String> allowedIssuers,
    List<String> audiences,
    URI discoveryUrl,
    Duration clockSkew,
    List<String> identityClaims,
    Set<String> requiredGroups,
    Set<String> requiredRoles,
    Duration jwksCacheLifetime,
    Duration jwksOutageTolerance,
    Duration httpTimeout,
    int maxTokenLength) {

  /** The Azure VPN client's application ids (Microsoft-registered and the newer one). */
  public static final List<String> DEFAULT_AUDIENCES =
      List.of("41b23e61-6c1e-4545-b367-cd054e0ed4b4", "c632b3df-fb67-4d84-bdcf-b95ad541b5c8");

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  public static final List<String> DEFAULT_IDENTITY_CLAIMS =
      List.of("upn", "preferred_username", "oid");

  /** Nimbus' own default ({@code JWKSourceBuilder.DEFAULT_CACHE_TIME_TO_LIVE}). */
  public static final Duration DEFAULT_JWKS_CACHE_LIFETIME = Duration.ofMinutes(5);

  public static final Duration DEFAULT_JWKS_OUTAGE_TOLERANCE = Duration.ofHours(1);
  public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(5);

  /** Four times the 16 KiB control-channel auth message the gateway accepts. */
  public static final int DEFAULT_MAX_TOKEN_LENGTH = 64 * 1024;

  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,99}");

  public EntraConfig {
    Objects.requireNonNull(tenantId, "tenantId");
    if (!TENANT.matcher(tenantId).matches()) {
      throw new IllegalArgumentException("tenantId must be a GUID or a domain name: " + tenantId);
    }
    allowedIssuers = nonEmpty(allowedIssuers, "allowedIssuers");
    audiences = nonEmpty(audiences, "audiences");
    Objects.requireNonNull(discoveryUrl, "discoveryUrl");
    if (!discoveryUrl.isAbsolute()) {
      throw new IllegalArgumentException("discoveryUrl must be absolute: " + discoveryUrl);
    }
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("clockSkew must be between 0 and 10 minutes");
    }
    identityClaims = nonEmpty(identityClaims, "identityClaims");
    requiredGroups = Set.copyOf(requiredGroups);
    requiredRoles = Set.copyOf(requiredRoles);
    atLeast(jwksCacheLifetime, Duration.ofSeconds(1), "jwksCacheLifetime");
    atLeast(jwksOutageTolerance, Duration.ZERO, "jwksOutageTolerance");
    atLeast(httpTimeout, Duration.ofMillis(1), "httpTimeout");
    if (maxTokenLength < 1024) {
      throw new IllegalArgumentException("maxTokenLength must be at least 1024");
    }
  }

  /** Defaults for a tenant: both issuer forms, both Azure VPN audiences, Microsoft's discovery. */
  public static EntraConfig forTenant(String tenantId) {
    return new EntraConfig(
        tenantId,
        List.of(
            "https://sts.windows.net/" + tenantId + "/",
            "https://login.microsoftonline.com/" + tenantId + "/v2.0"),
        DEFAULT_AUDIENCES,
        URI.create(
            "https://login.microsoftonline.com/"
                + tenantId
                + "/v2.0/.well-known/openid-configuration"),
        DEFAULT_CLOCK_SKEW,
        DEFAULT_IDENTITY_CLAIMS,
        Set.of(),
        Set.of(),
        DEFAULT_JWKS_CACHE_LIFETIME,
        DEFAULT_JWKS_OUTAGE_TOLERANCE,
        DEFAULT_HTTP_TIMEOUT,
        DEFAULT_MAX_TOKEN_LENGTH);
  }

  public EntraConfig withAllowedIssuers(List<String> issuers) {
    Copy c = new Copy(this);
    c.allowedIssuers = issuers;
    return c.build();
  }

  public EntraConfig withAudiences(List<String> values) {
    Copy c = new Copy(this);
    c.audiences = values;
    return c.build();
  }

  public EntraConfig withDiscoveryUrl(URI url) {
    Copy c = new Copy(this);
    c.discoveryUrl = url;
    return c.build();
  }

  public EntraConfig withClockSkew(Duration skew) {
    Copy c = new Copy(this);
    c.clockSkew = skew;
    return c.build();
  }

  public EntraConfig withIdentityClaims(List<String> claims) {
    Copy c = new Copy(this);
    c.identityClaims = claims;
    return c.build();
  }

  public EntraConfig withRequiredGroups(Set<String> groups) {
    Copy c = new Copy(this);
    c.requiredGroups = groups;
    return c.build();
  }

  public EntraConfig withRequiredRoles(Set<String> roles) {
    Copy c = new Copy(this);
    c.requiredRoles = roles;
    return c.build();
  }

  public EntraConfig withJwksCache(Duration lifetime, Duration outageTolerance) {
    Copy c = new Copy(this);
    c.jwksCacheLifetime = lifetime;
    c.jwksOutageTolerance = outageTolerance;
    return c.build();
  }

  public EntraConfig withHttpTimeout(Duration timeout) {
    Copy c = new Copy(this);
    c.httpTimeout = timeout;
    return c.build();
  }

  /** A mutable copy, so that each {@code with...} changes one thing and validates the result. */
  private static final class Copy {
    final String tenantId;
    List<String> allowedIssuers;
    List<String> audiences;
    URI discoveryUrl;
    Duration clockSkew;
    List<String> identityClaims;
    Set<String> requiredGroups;
    Set<String> requiredRoles;
    Duration jwksCacheLifetime;
    Duration jwksOutageTolerance;
    Duration httpTimeout;
    final int maxTokenLength;

    Copy(EntraConfig c) {
      tenantId = c.tenantId;
      allowedIssuers = c.allowedIssuers;
      audiences = c.audiences;
      discoveryUrl = c.discoveryUrl;
      clockSkew = c.clockSkew;
      identityClaims = c.identityClaims;
      requiredGroups = c.requiredGroups;
      requiredRoles = c.requiredRoles;
      jwksCacheLifetime = c.jwksCacheLifetime;
      jwksOutageTolerance = c.jwksOutageTolerance;
      httpTimeout = c.httpTimeout;
      maxTokenLength = c.maxTokenLength;
    }

    EntraConfig build() {
      return new EntraConfig(
          tenantId,
          allowedIssuers,
          audiences,
          discoveryUrl,
          clockSkew,
          identityClaims,
          requiredGroups,
          requiredRoles,
          jwksCacheLifetime,
          jwksOutageTolerance,
          httpTimeout,
          maxTokenLength);
    }
  }

  private static List<String> nonEmpty(List<String> values, String name) {
    List<String> copy = List.copyOf(values);
    if (copy.isEmpty() || copy.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException(name + " must be non-empty and hold no blank value");
    }
    return copy;
  }

  private static void atLeast(Duration value, Duration min, String name) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0) {
      throw new IllegalArgumentException(name + " must be at least " + min);
    }
  }
}
