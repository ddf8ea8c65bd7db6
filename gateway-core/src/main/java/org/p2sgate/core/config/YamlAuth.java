package org.p2sgate.core.config;

import java.net.Inet4Address;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.p2sgate.auth.cert.IdentitySource;
import org.p2sgate.auth.entra.EntraConfig;
import org.p2sgate.auth.radius.RadiusConfig;
import org.p2sgate.auth.radius.RadiusServerConfig;
import org.p2sgate.core.config.YamlModel.Scalar;

/** The {@code auth:} block of {@code gateway.yaml}: policy, RADIUS and Entra ID settings. */
final class YamlAuth {
  private final YamlConverter c;

  YamlAuth(YamlConverter converter) {
    this.c = converter;
  }

  AuthSettings convert(YamlModel.Auth a) throws ConfigException {
    String policy =
        a.policy() == null ? "certificate" : a.policy().text().trim().toLowerCase(Locale.ROOT);
    Duration timeout =
        a.timeout() == null
            ? AuthSettings.CERTIFICATE.timeout()
            : c.duration(a.timeout(), "auth.timeout", Duration.ofSeconds(1));
    RadiusConfig radius = a.radius() == null ? null : radius(a.radius());
    EntraConfig entra = a.entra() == null ? null : entra(a.entra());
    AuthSettings.Token token = a.token() == null ? null : token(a.token());
    IdentitySource identity =
        c.choice(
            a.certificateIdentity(),
            "auth.certificate-identity",
            IdentitySource.COMMON_NAME,
            Map.of(
                "cn", IdentitySource.COMMON_NAME,
                "upn", IdentitySource.UPN,
                "email", IdentitySource.EMAIL,
                "e-mail", IdentitySource.EMAIL),
            "must be cn (the subject's common name), upn or email (from subjectAltName)");
    SsoSettings sso = a.sso() == null ? null : sso(a.sso());
    return new AuthSettings(policy, radius, entra, timeout, token, identity, sso);
  }

  /** {@code auth.sso}; the listen address defaults to every address, on public-url's port. */
  private SsoSettings sso(YamlModel.Sso s) throws ConfigException {
    Scalar issuer = c.required(s.issuer(), "auth.sso.issuer", "the OpenID provider's issuer");
    Scalar clientId =
        c.required(s.clientId(), "auth.sso.client-id", "the gateway's client id at the provider");
    Scalar publicUrl =
        c.required(
            s.publicUrl(),
            "auth.sso.public-url",
            "the https:// address users' browsers reach the gateway's sign-in page at");
    String secret =
        s.clientSecretFile() == null
            ? null
            : c.readFile(s.clientSecretFile(), "auth.sso.client-secret-file").strip();
    if (secret != null && secret.isEmpty()) {
      throw c.error(s.clientSecretFile(), "auth.sso.client-secret-file", "the file is empty");
    }
    URI publicUri = uri(publicUrl, "auth.sso.public-url");
    org.p2sgate.auth.sso.SsoConfig oidc;
    try {
      oidc =
          new org.p2sgate.auth.sso.SsoConfig(
              uri(issuer, "auth.sso.issuer"),
              s.discoveryUrl() == null ? null : uri(s.discoveryUrl(), "auth.sso.discovery-url"),
              clientId.text(),
              secret,
              s.scopes() == null ? null : texts(s.scopes()),
              publicUri,
              s.timeout() == null
                  ? null
                  : c.duration(s.timeout(), "auth.sso.timeout", Duration.ofSeconds(10)),
              s.usernameClaims() == null ? null : texts(s.usernameClaims()),
              s.groupsClaim() == null ? null : s.groupsClaim().text(),
              s.requiredGroups() == null ? null : Set.copyOf(texts(s.requiredGroups())),
              s.maxPending() == null
                  ? org.p2sgate.auth.sso.SsoConfig.DEFAULT_MAX_PENDING
                  : c.integer(s.maxPending(), "auth.sso.max-pending", 1, 1_000_000),
              null);
    } catch (IllegalArgumentException e) {
      throw c.error(issuer, "auth.sso", e.getMessage());
    }
    java.net.InetSocketAddress listen =
        s.listen() != null
            ? c.hostPort(s.listen(), "auth.sso.listen", "0.0.0.0:9443")
            : new java.net.InetSocketAddress(publicUri.getPort() > 0 ? publicUri.getPort() : 443);
    String[] pems = s.tls() == null ? new String[2] : c.tlsPair(s.tls(), "auth.sso", "the sign-in");
    return new SsoSettings(oidc, listen, pems[0], pems[1]);
  }

  private URI uri(Scalar s, String key) throws ConfigException {
    try {
      URI u = new URI(s.text());
      if (u.getScheme() == null || u.getHost() == null) {
        throw c.error(s, key, "expected an absolute URL: '" + s.text() + "'");
      }
      return u;
    } catch (java.net.URISyntaxException e) {
      throw c.error(s, key, "not a URL: '" + s.text() + "'");
    }
  }

  private AuthSettings.Token token(YamlModel.Token t) throws ConfigException {
    if (t.secretFile() == null) {
      throw new ConfigException("auth.token: 'secret-file' is required (a shared random secret)");
    }
    byte[] secret =
        c.readFile(t.secretFile(), "auth.token.secret-file")
            .strip()
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (secret.length < 16) {
      throw c.error(
          t.secretFile(), "auth.token.secret-file", "the secret must be 16 bytes or more");
    }
    Duration lifetime =
        t.lifetime() == null
            ? Duration.ofHours(8)
            : c.duration(t.lifetime(), "auth.token.lifetime", Duration.ofMinutes(1));
    return new AuthSettings.Token(secret, lifetime);
  }

  private RadiusConfig radius(YamlModel.Radius r) throws ConfigException {
    if (r.servers() == null || r.servers().isEmpty() || r.servers().size() > 2) {
      throw new ConfigException(
          "auth.radius.servers: give one or two servers (primary, secondary)");
    }
    RadiusServerConfig primary = server(r.servers().get(0), "auth.radius.servers[0]");
    Optional<RadiusServerConfig> secondary =
        r.servers().size() > 1
            ? Optional.of(server(r.servers().get(1), "auth.radius.servers[1]"))
            : Optional.empty();
    RadiusConfig.AuthMethod method =
        c.choice(
            r.method(),
            "auth.radius.method",
            RadiusConfig.AuthMethod.PAP,
            Map.of(
                "pap", RadiusConfig.AuthMethod.PAP,
                "mschapv2", RadiusConfig.AuthMethod.MSCHAPV2,
                "ms-chapv2", RadiusConfig.AuthMethod.MSCHAPV2),
            "must be pap or mschapv2");
    RadiusConfig.StaticChallengeMode staticChallenge =
        c.choice(
            r.staticChallenge(),
            "auth.radius.static-challenge",
            RadiusConfig.StaticChallengeMode.CONCATENATE,
            Map.of(
                "concatenate", RadiusConfig.StaticChallengeMode.CONCATENATE,
                "challenge", RadiusConfig.StaticChallengeMode.TWO_ROUNDS,
                "two-rounds", RadiusConfig.StaticChallengeMode.TWO_ROUNDS),
            "must be concatenate (password and OTP in one request) or challenge (the OTP"
                + " answers the server's Access-Challenge)");
    Optional<Inet4Address> nasIp = Optional.empty();
    if (r.nasIpAddress() != null) {
      try {
        nasIp = Optional.of(Ipv4.parse(r.nasIpAddress().text()));
      } catch (ValueException e) {
        throw c.error(r.nasIpAddress(), "auth.radius.nas-ip-address", "must be an IPv4 address");
      }
    }
    Duration interim =
        r.interimInterval() == null
            ? Duration.ofMinutes(5)
            : c.duration(
                r.interimInterval(), "auth.radius.interim-interval", Duration.ofMinutes(1));
    try {
      return new RadiusConfig(
          primary,
          secondary,
          r.nasIdentifier() == null ? "p2sgate" : r.nasIdentifier().text(),
          nasIp,
          method,
          staticChallenge,
          r.accounting() != null && c.bool(r.accounting(), "auth.radius.accounting"),
          interim);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("auth.radius: " + e.getMessage());
    }
  }

  private RadiusServerConfig server(YamlModel.RadiusServer s, String key) throws ConfigException {
    if (s.host() == null) {
      throw new ConfigException(key + ": 'host' is required");
    }
    String secret;
    if (s.secretFile() != null) {
      secret = c.readFile(s.secretFile(), key + ".secret-file").strip();
    } else if (s.secret() != null) {
      secret = s.secret().text();
    } else {
      throw c.error(s.host(), key, "give 'secret-file' (or 'secret') for the shared secret");
    }
    int port = s.port() == null ? 1812 : c.integer(s.port(), key + ".port", 1, 65535);
    int acctPort =
        s.accountingPort() == null
            ? (port == 65535 ? port : port + 1)
            : c.integer(s.accountingPort(), key + ".accounting-port", 1, 65535);
    Duration timeout =
        s.timeout() == null
            ? Duration.ofSeconds(5)
            : c.duration(s.timeout(), key + ".timeout", Duration.ofMillis(100));
    int retries = s.retries() == null ? 2 : c.integer(s.retries(), key + ".retries", 0, 10);
    try {
      return new RadiusServerConfig(s.host().text(), port, acctPort, secret, timeout, retries);
    } catch (IllegalArgumentException e) {
      throw c.error(s.host(), key, e.getMessage());
    }
  }

  private EntraConfig entra(YamlModel.Entra e) throws ConfigException {
    if (e.tenant() == null) {
      throw new ConfigException("auth.entra: 'tenant' (the directory id) is required");
    }
    try {
      EntraConfig cfg = EntraConfig.forTenant(e.tenant().text());
      if (e.issuers() != null && !e.issuers().isEmpty()) {
        cfg = cfg.withAllowedIssuers(texts(e.issuers()));
      }
      if (e.audiences() != null && !e.audiences().isEmpty()) {
        cfg = cfg.withAudiences(texts(e.audiences()));
      }
      if (e.discoveryUrl() != null) {
        cfg = cfg.withDiscoveryUrl(URI.create(e.discoveryUrl().text()));
      }
      if (e.requiredGroups() != null) {
        cfg = cfg.withRequiredGroups(new HashSet<>(texts(e.requiredGroups())));
      }
      if (e.requiredRoles() != null) {
        cfg = cfg.withRequiredRoles(Set.copyOf(texts(e.requiredRoles())));
      }
      return cfg;
    } catch (IllegalArgumentException ex) {
      throw c.error(e.tenant(), "auth.entra", ex.getMessage());
    }
  }

  private static List<String> texts(List<Scalar> s) {
    return s.stream().map(Scalar::text).toList();
  }
}
