package org.p2sgate.auth.entra;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Credentials;

/**
 * The mock OIDC server on 127.0.0.1 and token helpers shared by the Entra tests (also
 * gateway-core's interop tests, through the test jar).
 */
public final class TestIdp implements AutoCloseable {
  public static final String TENANT = "tenant1";
  public static final String AUD = EntraConfig.DEFAULT_AUDIENCES.get(1);
  static final AuthContext CONTEXT =
      new AuthContext(new InetSocketAddress("192.0.2.7", 1194), "s-1", Map.of());

  public final MockOAuth2Server server = new MockOAuth2Server();

  public TestIdp() throws Exception {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  public String issuer() {
    return server.issuerUrl(TENANT).toString();
  }

  URI jwksUrl() {
    return URI.create(server.jwksUrl(TENANT).toString());
  }

  /** Accepts the mock's issuer and reads keys from the mock's discovery document. */
  EntraConfig config() {
    return EntraConfig.forTenant(TENANT)
        .withAllowedIssuers(List.of(issuer()))
        .withDiscoveryUrl(URI.create(server.wellKnownUrl(TENANT).toString()));
  }

  /** A real RS256 token from the mock, with {@code tid} = the tenant unless overridden. */
  String token(Map<String, ?> claims) {
    return token(claims, AUD, 3600);
  }

  public String token(Map<String, ?> claims, String audience, long expirySeconds) {
    Map<String, Object> all = new HashMap<>();
    all.put("tid", TENANT);
    all.putAll(claims);
    return server
        .issueToken(
            TENANT,
            "azure-vpn-client",
            new DefaultOAuth2TokenCallback(
                TENANT,
                "subject-1",
                JOSEObjectType.JWT.getType(),
                List.of(audience),
                all,
                expirySeconds))
        .serialize();
  }

  public static RSAKey newKey(String kid) throws Exception {
    return new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  /** Claims as the mock would issue them, for tokens signed by keys of our own. */
  public JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .audience(AUD)
        .claim("tid", TENANT)
        .claim("upn", "alice@example.org")
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now))
        .expirationTime(Date.from(now.plusSeconds(3600)));
  }

  public static String sign(JWTClaimsSet claims, RSAKey key, String kid) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /** Authenticates as the Azure VPN client would; checks the token stays out of the result. */
  static AuthResult login(EntraTokenAuthenticator auth, String token) throws Exception {
    AuthResult result =
        auth.authenticate(new Credentials(List.of(), "AzureAD", token), CONTEXT)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    if (token.length() > 16) {
      assertFalse(result.toString().contains(token), "token leaked into " + result);
      String signature = token.substring(token.lastIndexOf('.') + 1);
      if (signature.length() > 16) {
        assertFalse(result.toString().contains(signature), "signature leaked into " + result);
      }
    }
    return result;
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
