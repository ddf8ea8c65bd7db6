package org.p2sgate.auth.sso;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.util.Set;

/**
 * The gateway as an OpenID Connect relying party of one provider: the authorization request (code
 * flow, state, nonce, PKCE S256), the code exchange at the token endpoint, and the ID token check
 * (issuer, audience = our client id, signature by a key of the provider's JWKS with an allowed
 * algorithm, nonce, expiry). The discovery document is fetched on first use and kept once it names
 * the configured issuer; until then every use retries it. Calls block: run them off the event loop.
 */
final class OidcProvider {
  /** Signature algorithms an ID token may use (an allow-list: never "none" or HMAC). */
  static final Set<JWSAlgorithm> ALLOWED =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256);

  /** Discovery documents and key sets are small. */
  private static final int MAX_DOCUMENT = 512 * 1024;

  private final SsoConfig config;
  private final DefaultResourceRetriever retriever;
  private volatile Ready ready;

  /** What discovery gave: the endpoints and an ID token validator bound to the provider's keys. */
  private record Ready(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

  OidcProvider(SsoConfig config) {
    this.config = config;
    int ms = (int) config.httpTimeout().toMillis();
    this.retriever = new DefaultResourceRetriever(ms, ms, MAX_DOCUMENT);
  }

  /** The provider's endpoints, fetching the discovery document if not done yet. */
  private Ready ready() throws IOException {
    Ready r = ready;
    if (r != null) {
      return r;
    }
    OIDCProviderMetadata m;
    try {
      String json = retriever.retrieveResource(config.discoveryUrl().toURL()).getContent();
      m = OIDCProviderMetadata.parse(json);
    } catch (ParseException e) {
      throw new IOException("the discovery document could not be read");
    }
    if (!m.getIssuer().getValue().equals(config.issuer().toString())) {
      throw new IOException(
          "the discovery document names issuer " + m.getIssuer() + ", not " + config.issuer());
    }
    if (m.getAuthorizationEndpointURI() == null
        || m.getTokenEndpointURI() == null
        || m.getJWKSetURI() == null) {
      throw new IOException("the discovery document lacks an endpoint or jwks_uri");
    }
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(m.getJWKSetURI().toURL(), retriever).build();
    IDTokenValidator validator =
        new IDTokenValidator(
            new Issuer(config.issuer().toString()),
            new ClientID(config.clientId()),
            new JWSVerificationKeySelector<>(ALLOWED, keys),
            null);
    r = new Ready(m, validator);
    ready = r;
    return r;
  }

  /** Where to send the browser for {@code login} (which {@link PendingLogins#start} prepared). */
  URI authorizationUri(PendingLogins.Login login) throws IOException {
    Ready r = ready();
    return new AuthenticationRequest.Builder(
            ResponseType.CODE,
            new Scope(config.scopes().toArray(String[]::new)),
            new ClientID(config.clientId()),
            config.redirectUri())
        .endpointURI(r.metadata().getAuthorizationEndpointURI())
        .state(login.state)
        .nonce(login.nonce)
        .codeChallenge(login.verifier, CodeChallengeMethod.S256)
        .build()
        .toURI();
  }

  /** The outcome of an exchange: the ID token's claims, or why there are none. */
  sealed interface Exchange {
    record Signed(IDTokenClaimsSet claims) implements Exchange {}

    /** The provider or its token said no: a refusal. */
    record Refused(String reason) implements Exchange {}

    /** The provider could not be asked: not the user's fault. */
    record Failed(String cause) implements Exchange {}
  }

  /** Exchanges {@code code} with the login's PKCE verifier and checks the ID token. */
  Exchange exchange(PendingLogins.Login login, String code) {
    Ready r;
    try {
      r = ready();
    } catch (IOException e) {
      return new Exchange.Failed("provider discovery failed: " + e.getMessage());
    }
    AuthorizationCodeGrant grant =
        new AuthorizationCodeGrant(
            new AuthorizationCode(code), config.redirectUri(), login.verifier);
    ClientID id = new ClientID(config.clientId());
    TokenRequest request =
        config.clientSecret() == null
            ? new TokenRequest(r.metadata().getTokenEndpointURI(), id, grant, null)
            : new TokenRequest(
                r.metadata().getTokenEndpointURI(),
                new ClientSecretBasic(id, new Secret(config.clientSecret())),
                grant,
                null);
    HTTPRequest http = request.toHTTPRequest();
    http.setConnectTimeout((int) config.httpTimeout().toMillis());
    http.setReadTimeout((int) config.httpTimeout().toMillis());
    TokenResponse response;
    try {
      HTTPResponse answer = http.send();
      response = OIDCTokenResponseParser.parse(answer);
    } catch (IOException e) {
      return new Exchange.Failed("token endpoint unreachable: " + e.getClass().getSimpleName());
    } catch (ParseException e) {
      return new Exchange.Failed("token endpoint answer unreadable");
    }
    if (!response.indicatesSuccess()) {
      String error = response.toErrorResponse().getErrorObject().getCode();
      return new Exchange.Refused(
          "the provider refused the code: " + (error == null ? "-" : printable(error)));
    }
    if (!(response.toSuccessResponse() instanceof OIDCTokenResponse oidc)
        || oidc.getOIDCTokens().getIDToken() == null) {
      return new Exchange.Refused("no ID token in the token response");
    }
    JWT idToken = oidc.getOIDCTokens().getIDToken();
    try {
      return new Exchange.Signed(r.validator().validate(idToken, login.nonce));
    } catch (BadJOSEException e) {
      return new Exchange.Refused(reason(e));
    } catch (JOSEException e) {
      return new Exchange.Failed("ID token could not be checked: " + e.getClass().getSimpleName());
    }
  }

  /**
   * A short fixed reason for a refused ID token: the library's message may quote the token's
   * claims, which belong in no log.
   */
  static String reason(BadJOSEException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    if (m.contains("issuer")) {
      return "wrong issuer";
    }
    if (m.contains("audience")) {
      return "wrong audience";
    }
    if (m.contains("nonce")) {
      return "wrong nonce";
    }
    if (m.contains("Expired")) {
      return "ID token expired";
    }
    if (m.contains("signature")) {
      return "bad signature";
    }
    if (m.contains("matching key") || m.contains("algorithm")) {
      return "unknown signing key or algorithm";
    }
    return "ID token rejected";
  }

  static String printable(String s) {
    String t = s.length() > 64 ? s.substring(0, 64) : s;
    return t.replaceAll("[^\\x21-\\x7e]", "?");
  }
}
