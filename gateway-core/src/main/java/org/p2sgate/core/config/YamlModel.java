package org.p2sgate.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.List;

/**
 * The shape of {@code gateway.yaml} as Jackson binds it (keys in kebab-case). Every leaf is a
 * {@link Scalar} that remembers its line and column, so that validation, which happens afterwards
 * in {@link YamlConverter}, can point at the offending value.
 */
final class YamlModel {
  private YamlModel() {}

  record Root(
      Listen listen,
      Tun tun,
      Pool pool,
      Scalar pool6,
      Push push,
      Keepalive keepalive,
      List<Scalar> dataCiphers,
      Scalar dataCiphersFallback,
      Tls tls,
      Scalar tlsCrypt,
      TlsAuth tlsAuth,
      TlsCryptV2 tlsCryptV2,
      Scalar clientToClient,
      Scalar duplicateCn,
      Scalar maxClients,
      Scalar maxPendingLogins,
      Scalar maxPendingPerSource,
      ConnectRate connectRate,
      Scalar reneg,
      Scalar handWindow,
      Scalar mssfix,
      Scalar explicitExitNotify,
      Scalar verb,
      Scalar stateDir,
      Scalar poolPersist,
      Scalar keyDerivation,
      Revocation revocation,
      Auth auth,
      Admin admin,
      Status status,
      Management management,
      Log log,
      Profiles profiles,
      ClientConfigDir clientConfigDir,
      Routes routes,
      Access access) {}

  record Access(
      List<AccessGroup> groups,
      @com.fasterxml.jackson.annotation.JsonProperty("default") Scalar defaultAccess) {}

  record AccessGroup(
      Scalar name, List<Scalar> match, List<Scalar> pushRoutes, List<Scalar> allow, Scalar pool) {}

  record Routes(
      @com.fasterxml.jackson.annotation.JsonProperty("static") List<Scalar> staticRoutes,
      FromKernel fromKernel,
      Scalar onChange,
      Scalar reconnectPerSecond) {}

  record FromKernel(Scalar table, List<Scalar> include, List<Scalar> exclude, Scalar max) {}

  record ClientConfigDir(Scalar dir, Scalar exclusive) {}

  record Log(Scalar format) {}

  record ConnectRate(Scalar window, Scalar perSource, Scalar perNetwork, Scalar total) {}

  record Admin(
      Scalar listen, Scalar tokenFile, AdminTls tls, Scalar sessionMetrics, Scalar backendGrace) {}

  record AdminTls(Scalar cert, Scalar key) {}

  record Status(Scalar file, Scalar interval, Scalar version) {}

  record Management(Scalar listen, Scalar passwordFile) {}

  record Profiles(Scalar pki, List<Scalar> remotes, Scalar staticChallenge) {}

  record Auth(
      Scalar policy,
      Scalar timeout,
      Scalar certificateIdentity,
      Radius radius,
      Entra entra,
      Token token,
      Sso sso) {}

  /** {@code auth.sso}: browser sign-in with an OpenID Connect provider. */
  record Sso(
      Scalar issuer,
      Scalar discoveryUrl,
      Scalar clientId,
      Scalar clientSecretFile,
      List<Scalar> scopes,
      Scalar publicUrl,
      Scalar listen,
      AdminTls tls,
      Scalar timeout,
      List<Scalar> usernameClaims,
      Scalar groupsClaim,
      List<Scalar> requiredGroups,
      Scalar maxPending) {}

  record Token(Scalar secretFile, Scalar lifetime) {}

  record Radius(
      List<RadiusServer> servers,
      Scalar nasIdentifier,
      Scalar nasIpAddress,
      Scalar method,
      Scalar staticChallenge,
      Scalar accounting,
      Scalar interimInterval) {}

  record RadiusServer(
      Scalar host,
      Scalar port,
      Scalar accountingPort,
      Scalar secret,
      Scalar secretFile,
      Scalar timeout,
      Scalar retries) {}

  record Entra(
      Scalar tenant,
      List<Scalar> issuers,
      List<Scalar> audiences,
      Scalar discoveryUrl,
      List<Scalar> requiredGroups,
      List<Scalar> requiredRoles) {}

  record Revocation(List<Scalar> thumbprints, List<Scalar> crl) {}

  /**
   * {@code pool:} either as one network ({@code pool: 10.8.0.0/24}, then {@code cidr} is set) or as
   * a map ({@code pool: { net: 10.8.0.0/16, slice: auto }}, then {@code map} is set); {@code line}
   * and {@code column} are where the value starts.
   */
  @JsonDeserialize(using = PoolDeserializer.class)
  record Pool(Scalar cidr, PoolMap map, int line, int column) {}

  /** The map form of {@code pool:}: a network cut into slices, one per replica. */
  record PoolMap(Scalar net, Scalar slice, Scalar slicePrefix) {}

  record Listen(Scalar address, Scalar port, Scalar proto, Scalar sndbuf, Scalar rcvbuf) {}

  record Tun(Scalar name, Scalar mtu, Scalar txqueuelen) {}

  record Push(List<Scalar> routes, List<Scalar> dns, Scalar domain, List<Scalar> extra) {}

  record Keepalive(Scalar interval, Scalar timeout) {}

  record Tls(Scalar ca, Scalar cert, Scalar key, Scalar versionMin) {}

  record TlsAuth(Scalar key, Scalar direction, Scalar digest) {}

  record TlsCryptV2(Scalar serverKey, Scalar revoked, Scalar maxAgeDays) {}

  /** A single YAML value (string, number or boolean) as text, with its 1-based position. */
  @JsonDeserialize(using = ScalarDeserializer.class)
  record Scalar(String text, int line, int column) {}

  static final class PoolDeserializer extends StdDeserializer<Pool> {
    private static final long serialVersionUID = 1L;

    PoolDeserializer() {
      super(Pool.class);
    }

    @Override
    public Pool deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonLocation at = p.currentTokenLocation();
      if (p.currentToken().isScalarValue()) {
        return new Pool(
            new Scalar(p.getText(), at.getLineNr(), at.getColumnNr()),
            null,
            at.getLineNr(),
            at.getColumnNr());
      }
      if (p.currentToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        PoolMap map = ctxt.readValue(p, PoolMap.class);
        return new Pool(null, map, at.getLineNr(), at.getColumnNr());
      }
      return (Pool) ctxt.handleUnexpectedToken(Pool.class, p);
    }
  }

  static final class ScalarDeserializer extends StdDeserializer<Scalar> {
    private static final long serialVersionUID = 1L;

    ScalarDeserializer() {
      super(Scalar.class);
    }

    @Override
    public Scalar deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.currentToken().isScalarValue()) {
        return (Scalar) ctxt.handleUnexpectedToken(Scalar.class, p);
      }
      JsonLocation at = p.currentTokenLocation();
      return new Scalar(p.getText(), at.getLineNr(), at.getColumnNr());
    }
  }
}
