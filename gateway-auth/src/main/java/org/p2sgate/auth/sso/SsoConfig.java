package org.p2sgate.auth.sso;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Browser sign-in settings.
 *
 * @param issuer the provider's issuer, exactly as its ID tokens name it
 * @param discoveryUrl its OpenID Connect discovery document
 * @param clientId the gateway's application (client) id at the provider
 * @param clientSecret the client secret (secret), or {@code null} for a public client (PKCE only)
 * @param scopes requested scopes; {@code openid} always among them
 * @param publicUrl the gateway's HTTPS sign-in address as browsers reach it, e.g. {@code
 *     https://vpn.example.org:9443}; the redirect URI is this plus {@link #CALLBACK_PATH}
 * @param timeout how long a user has to sign in once the client is told to open the page
 * @param usernameClaims the ID token claims that name the user, the first present wins
 * @param groupsClaim the claim that lists the user's groups (facts {@code claim-groups:VALUE})
 * @param requiredGroups if not empty, the user must be in one of these groups
 * @param maxPending how many sign-ins may wait at once; more are refused as unavailable
 * @param httpTimeout connect and read timeout towards the provider
 */
public record SsoConfig(
    URI issuer,
    URI discoveryUrl,
    String clientId,
    String clientSecret,
    List<String> scopes,
    URI publicUrl,
    Duration timeout,
    List<String> usernameClaims,
    String groupsClaim,
    Set<String> requiredGroups,
    int maxPending,
    Duration httpTimeout) {

  /** Where the OpenVPN client's browser starts: {@code /sso/start?s=<one-time token>}. */
  public static final String START_PATH = "/sso/start";

  /** Where the provider sends the browser back: register {@code publicUrl} plus this. */
  public static final String CALLBACK_PATH = "/sso/callback";

  public static final List<String> DEFAULT_SCOPES = List.of("openid", "profile", "email");
  public static final List<String> DEFAULT_USERNAME_CLAIMS =
      List.of("preferred_username", "upn", "email");
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  public static final int DEFAULT_MAX_PENDING = 1000;

  public SsoConfig {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(publicUrl, "publicUrl");
    if (discoveryUrl == null) {
      String base = issuer.toString();
      discoveryUrl =
          URI.create(
              (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                  + "/.well-known/openid-configuration");
    }
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("client-id must not be empty");
    }
    if (!"https".equals(publicUrl.getScheme()) || publicUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "public-url must be an https:// address browsers reach: " + publicUrl);
    }
    if (publicUrl.getRawQuery() != null || publicUrl.getRawFragment() != null) {
      throw new IllegalArgumentException("public-url takes no query or fragment: " + publicUrl);
    }
    scopes = scopes == null || scopes.isEmpty() ? DEFAULT_SCOPES : List.copyOf(scopes);
    if (!scopes.contains("openid")) {
      throw new IllegalArgumentException("scopes must include openid: " + scopes);
    }
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.compareTo(Duration.ofSeconds(10)) < 0
        || timeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("timeout must be between 10s and 1h: " + timeout);
    }
    usernameClaims =
        usernameClaims == null || usernameClaims.isEmpty()
            ? DEFAULT_USERNAME_CLAIMS
            : List.copyOf(usernameClaims);
    groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim;
    requiredGroups = requiredGroups == null ? Set.of() : Set.copyOf(requiredGroups);
    if (maxPending < 1 || maxPending > 1_000_000) {
      throw new IllegalArgumentException("max-pending must be between 1 and 1000000");
    }
    httpTimeout = httpTimeout == null ? Duration.ofSeconds(10) : httpTimeout;
  }

  /** The redirect URI registered at the provider. */
  public URI redirectUri() {
    String base = publicUrl.toString();
    return URI.create(
        (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + CALLBACK_PATH);
  }

  /** The address of the page that starts the sign-in with one-time token {@code token}. */
  public String startUrl(String token) {
    String base = publicUrl.toString();
    return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + START_PATH
        + "?s="
        + token;
  }

  @Override
  public String toString() {
    return "SsoConfig[issuer="
        + issuer
        + ", clientId="
        + clientId
        + ", secret="
        + (clientSecret == null ? "none (public client)" : "<hidden>")
        + ", publicUrl="
        + publicUrl
        + ", timeout="
        + timeout
        + "]";
  }
}
