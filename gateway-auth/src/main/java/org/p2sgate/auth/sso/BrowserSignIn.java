package org.p2sgate.auth.sso;

import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.auth.Credentials;
import org.p2sgate.auth.GroupFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sso} method: a client that can open a URL ({@code IV_SSO} with {@code webauth} or
 * {@code openurl}) gets {@link AuthResult.Pending} with a one-time link to the gateway's sign-in
 * page; the page ({@link #start}) sends the browser to the provider, the provider sends it back
 * ({@link #callback}), and the login completes with the ID token's user. A client that cannot open
 * a URL is refused, and told so. The username and password the client sent are not used.
 *
 * <p>The HTTPS listener in front of {@link #start} and {@link #callback} runs them on threads that
 * may block (the code exchange is an HTTP request to the provider).
 */
public final class BrowserSignIn implements Authenticator {
  private static final Logger log = LoggerFactory.getLogger(BrowserSignIn.class);

  /** What the client is told when it cannot do browser sign-in (no commas: one AUTH_FAILED). */
  public static final String NO_WEB_AUTH =
      "browser sign-in required but this client cannot open a URL (no IV_SSO webauth or openurl):"
          + " use OpenVPN Connect or OpenVPN GUI";

  private final SsoConfig config;
  private final PendingLogins logins;
  private final OidcProvider provider;

  public BrowserSignIn(SsoConfig config, Clock clock) {
    this.config = config;
    this.logins = new PendingLogins(config.maxPending(), clock);
    this.provider = new OidcProvider(config);
  }

  public SsoConfig config() {
    return config;
  }

  /** Whether peer-info value {@code ivSso} names a way to open a URL. */
  public static boolean canOpenUrl(String ivSso) {
    return announces(ivSso, "webauth") || announces(ivSso, "openurl");
  }

  /**
   * Whether {@code ivSso}, the client's IV_SSO (methods separated by commas, e.g. {@code
   * webauth,crtext}), names {@code method}, as the reference's {@code check_auth_pending_method}
   * (ssl_verify.c) reads it.
   */
  public static boolean announces(String ivSso, String method) {
    return ivSso != null
        && Arrays.stream(ivSso.split(",")).map(String::strip).anyMatch(method::equals);
  }

  @Override
  public CompletionStage<AuthResult> authenticate(Credentials credentials, AuthContext context) {
    if (!canOpenUrl(context.peerInfo().get("IV_SSO"))) {
      return CompletableFuture.completedFuture(
          new AuthResult.Rejected("client cannot do browser sign-in (no IV_SSO)", NO_WEB_AUTH));
    }
    String source = context.source() == null ? "-" : context.source().getAddress().getHostAddress();
    var opened = logins.open(context.sessionId(), source, config.timeout());
    if (opened == null) {
      return CompletableFuture.completedFuture(
          new AuthResult.Unavailable("too many browser sign-ins pending"));
    }
    return CompletableFuture.completedFuture(
        new AuthResult.Pending(
            config.startUrl(opened.getKey()), config.timeout(), opened.getValue().outcome));
  }

  /** Sign-ins waiting now (for tests and metrics). */
  public int pending() {
    return logins.size();
  }

  /** An answer to the browser: a redirect ({@code location}) or a short page. */
  public record Page(int status, String location, String text) {
    public static Page redirect(String location) {
      return new Page(302, location, "");
    }

    public static Page text(int status, String text) {
      return new Page(status, null, text);
    }

    /** The page as HTML (the text escaped). */
    public String html() {
      String t =
          text.replace("&", "&amp;")
              .replace("<", "&lt;")
              .replace(">", "&gt;")
              .replace("\"", "&quot;");
      return "<!doctype html><html><head><meta charset=\"utf-8\"><title>VPN sign-in</title>"
          + "</head><body><p>"
          + t
          + "</p></body></html>\n";
    }

    @Override
    public String toString() {
      return "Page[" + status + (location != null ? " to the provider" : ", " + text) + "]";
    }
  }

  static final String LINK_SPENT =
      "This sign-in link is not valid any more (already used, expired or unknown)."
          + " Connect again from your VPN client.";

  /** {@code GET /sso/start?s=TOKEN}: spends the link and sends the browser to the provider. */
  public Page start(String token) {
    PendingLogins.Login login = logins.start(token);
    if (login == null) {
      return Page.text(400, LINK_SPENT);
    }
    try {
      return Page.redirect(provider.authorizationUri(login).toString());
    } catch (IOException | RuntimeException e) {
      log.warn("sso: session {}: cannot reach the provider: {}", login.sessionId, e.getMessage());
      login.outcome.complete(
          new AuthResult.Unavailable("sign-in provider unavailable: " + e.getMessage()));
      return Page.text(502, "The sign-in provider cannot be reached. Try again later.");
    }
  }

  /** {@code GET /sso/callback?state=..&code=..} (or {@code error=..}) from the provider. */
  public Page callback(Map<String, String> query) {
    PendingLogins.Login login = logins.finish(query.get("state"));
    if (login == null) {
      log.warn("sso: callback with an unknown, spent or expired state refused");
      return Page.text(400, LINK_SPENT);
    }
    AuthResult result;
    String error = query.get("error");
    String code = query.get("code");
    if (error != null) {
      result = new AuthResult.Rejected("the provider refused: " + OidcProvider.printable(error));
    } else if (code == null || code.isEmpty() || code.length() > 4096) {
      result = new AuthResult.Rejected("callback without a usable code");
    } else {
      try {
        result =
            switch (provider.exchange(login, code)) {
              case OidcProvider.Exchange.Signed s -> accept(s.claims());
              case OidcProvider.Exchange.Refused r -> new AuthResult.Rejected(r.reason());
              case OidcProvider.Exchange.Failed f -> new AuthResult.Unavailable(f.cause());
            };
      } catch (RuntimeException e) {
        // the provider's answer is input too: whatever it was, the waiting session hears of it
        result = new AuthResult.Unavailable("sign-in failed: " + e.getClass().getSimpleName());
      }
    }
    boolean delivered = login.outcome.complete(result);
    log.info("sso: session {}: {}", login.sessionId, describe(result));
    if (!delivered) {
      return Page.text(
          410, "Your VPN client stopped waiting for this sign-in. Connect again from it.");
    }
    return switch (result) {
      case AuthResult.Accepted a ->
          Page.text(
              200,
              "Signed in as "
                  + a.identity()
                  + ". The VPN connection from "
                  + login.source
                  + " continues. You can close this window.");
      case AuthResult.Rejected r -> Page.text(403, "Sign-in refused: " + r.reason() + ".");
      default -> Page.text(502, "Sign-in could not be completed. Try again later.");
    };
  }

  private static String describe(AuthResult r) {
    return switch (r) {
      case AuthResult.Accepted a -> "signed in as " + OidcProvider.printable(a.identity());
      case AuthResult.Rejected x -> "refused: " + x.reason();
      case AuthResult.Unavailable u -> "unavailable: " + u.cause();
      default -> r.toString();
    };
  }

  /** The ID token's user: identity, a few claims, group facts; refused without a name. */
  AuthResult accept(IDTokenClaimsSet claims) {
    String identity = null;
    for (String name : config.usernameClaims()) {
      if (claims.getClaim(name) instanceof String s && !s.isBlank()) {
        identity = s;
        break;
      }
    }
    if (identity == null) {
      return new AuthResult.Rejected(
          "the ID token has none of the username claims " + config.usernameClaims());
    }
    Set<String> groups = new TreeSet<>();
    List<String> inGroups = claims.getStringListClaim(config.groupsClaim());
    if (inGroups != null) {
      inGroups.stream()
          .map(g -> GroupFacts.of(GroupFacts.CLAIM_GROUPS, g))
          .filter(java.util.Objects::nonNull)
          .forEach(groups::add);
    }
    List<String> roles = claims.getStringListClaim("roles");
    if (roles != null) {
      roles.stream()
          .map(g -> GroupFacts.of(GroupFacts.CLAIM_ROLES, g))
          .filter(java.util.Objects::nonNull)
          .forEach(groups::add);
    }
    if (!config.requiredGroups().isEmpty()
        && (inGroups == null || inGroups.stream().noneMatch(config.requiredGroups()::contains))) {
      return new AuthResult.Rejected("not in a required group", "not in a required group");
    }
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("sub", claims.getSubject().getValue());
    for (String name : List.of("oid", "tid", "name", "email", "preferred_username", "upn")) {
      if (claims.getClaim(name) instanceof String s) {
        attributes.put(name, s);
      }
    }
    return new AuthResult.Accepted(identity, attributes, groups);
  }

  @Override
  public String toString() {
    return "BrowserSignIn[" + config + "]";
  }
}
