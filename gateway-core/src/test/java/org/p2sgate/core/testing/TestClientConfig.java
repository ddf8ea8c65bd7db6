package org.p2sgate.core.testing;

import java.security.cert.X509Certificate;
import java.util.Objects;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.control.StaticKey;

/**
 * What a {@link TestOpenVpnClient} is configured with: the equivalent of a client config file
 * ({@code ca}, {@code cert}/{@code key}, {@code tls-crypt}/{@code tls-auth}, {@code data-ciphers},
 * {@code proto}) plus the peer-info it announces. Immutable; the {@code with...} methods return
 * changed copies.
 *
 * @param wrap control-channel wrapping, as configured on the gateway
 * @param staticKey the tls-auth / tls-crypt key ({@code null} for no wrapping)
 * @param tlsAuthDigest the tls-auth HMAC digest ("SHA1", "SHA256", "SHA512")
 * @param tlsAuthDirection the client's tls-auth key direction: 1 (the usual), or -1 (none)
 * @param cert the client certificate and key, or {@code null} for a client without one
 * @param ca the CA the server certificate must chain to
 * @param ivCiphers the IV_CIPHERS value (the client's {@code data-ciphers})
 * @param ivProto the IV_PROTO bit field; 990 is what 2.6 sends
 * @param tcp whether the client runs over TCP ({@code proto TCPv4_CLIENT} in its options string)
 * @param tls12Only whether the client offers only TLS 1.2 (else 1.3 and 1.2)
 * @param compLzo whether the client has {@code comp-lzo} configured (",comp-lzo" in its options)
 * @param compStubV2 whether it announces IV_COMP_STUBv2=1 (every 2.6 client does)
 * @param seed seeds the client's session id and key-method-2 randoms
 * @param extraChain certificates sent after the client's own (intermediates, or an attacker's
 *     look-alike CA)
 */
public record TestClientConfig(
    TlsWrapConfig.Mode wrap,
    StaticKey staticKey,
    String tlsAuthDigest,
    int tlsAuthDirection,
    TestPki.Credential cert,
    X509Certificate ca,
    String ivCiphers,
    int ivProto,
    boolean tcp,
    boolean tls12Only,
    boolean compLzo,
    boolean compStubV2,
    long seed,
    String username,
    String password,
    java.util.List<X509Certificate> extraChain,
    String ivSso) {

  /** The ciphers a default 2.6 client offers. */
  public static final String DEFAULT_CIPHERS = "AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305";

  /** IV_PROTO of a 2.6 CLI client: 2+4+8+16+64+128+256+512 (wire doc 5.5). */
  public static final int IV_PROTO_26 = 990;

  /** The IV_PROTO bits of wire doc 5.5 that the client reacts to. */
  public static final int DATA_V2 = 1 << 1;

  public static final int REQUEST_PUSH = 1 << 2;
  public static final int TLS_KEY_EXPORT = 1 << 3;
  public static final int CC_EXIT_NOTIFY = 1 << 7;

  public TestClientConfig {
    Objects.requireNonNull(wrap, "wrap");
    Objects.requireNonNull(ca, "ca");
    Objects.requireNonNull(ivCiphers, "ivCiphers");
    if (wrap != TlsWrapConfig.Mode.NONE && staticKey == null) {
      throw new IllegalArgumentException(wrap + " needs the static key");
    }
  }

  /** A default 2.6 client: no wrapping, default ciphers, IV_PROTO 990, UDP, TLS 1.3/1.2. */
  public static TestClientConfig of(TestPki.Credential cert, X509Certificate ca) {
    return new TestClientConfig(
        TlsWrapConfig.Mode.NONE,
        null,
        "SHA1",
        1,
        cert,
        ca,
        DEFAULT_CIPHERS,
        IV_PROTO_26,
        false,
        false,
        false,
        true,
        1,
        "",
        "",
        java.util.List.of(),
        null);
  }

  /** IV_SSO in the peer-info ({@code setenv IV_SSO webauth}), or {@code null} for none. */
  public TestClientConfig withIvSso(String methods) {
    Copy c = new Copy(this);
    c.ivSso = methods;
    return c.build();
  }

  /** The username and password sent in key method 2 ({@code auth-user-pass}). */
  public TestClientConfig withCredentials(String user, String pass) {
    Copy c = new Copy(this);
    c.username = user;
    c.password = pass;
    return c.build();
  }

  /** The same wrapping the gateway uses ({@code keyDirection} is the server's: 0 becomes 1). */
  public TestClientConfig withWrap(TlsWrapConfig server) {
    Copy c = new Copy(this);
    c.wrap = server.mode();
    c.staticKey = server.key();
    c.tlsAuthDigest = server.authDigest();
    c.tlsAuthDirection = server.keyDirection() == 0 ? 1 : server.keyDirection() == 1 ? 0 : -1;
    return c.build();
  }

  /** IV_CIPHERS; empty leaves the line out (a 2.4 client: IV_NCP=2 only). */
  public TestClientConfig withCiphers(String ciphers) {
    Copy c = new Copy(this);
    c.ivCiphers = ciphers;
    return c.build();
  }

  public TestClientConfig withIvProto(int proto) {
    Copy c = new Copy(this);
    c.ivProto = proto;
    return c.build();
  }

  public TestClientConfig withCert(TestPki.Credential cred) {
    Copy c = new Copy(this);
    c.cert = cred;
    return c.build();
  }

  public TestClientConfig withTcp(boolean useTcp) {
    Copy c = new Copy(this);
    c.tcp = useTcp;
    return c.build();
  }

  public TestClientConfig withTls12Only(boolean only12) {
    Copy c = new Copy(this);
    c.tls12Only = only12;
    return c.build();
  }

  /** {@code comp-lzo} in the client config, and whether IV_COMP_STUBv2 is announced. */
  public TestClientConfig withCompLzo(boolean lzo, boolean stubV2) {
    Copy c = new Copy(this);
    c.compLzo = lzo;
    c.compStubV2 = stubV2;
    return c.build();
  }

  /** Sends {@code certs} after the client certificate in its TLS Certificate message. */
  public TestClientConfig withExtraChain(X509Certificate... certs) {
    Copy c = new Copy(this);
    c.extraChain = java.util.List.of(certs);
    return c.build();
  }

  public TestClientConfig withSeed(long s) {
    Copy c = new Copy(this);
    c.seed = s;
    return c.build();
  }

  /** The ciphers the client accepts in a push: IV_CIPHERS, or what IV_NCP=2 implies. */
  public java.util.List<String> acceptedCiphers() {
    return ivCiphers.isEmpty()
        ? java.util.List.of("AES-256-GCM", "AES-128-GCM")
        : java.util.List.of(ivCiphers.split(":"));
  }

  private static final class Copy {
    TlsWrapConfig.Mode wrap;
    StaticKey staticKey;
    String tlsAuthDigest;
    int tlsAuthDirection;
    TestPki.Credential cert;
    X509Certificate ca;
    String ivCiphers;
    int ivProto;
    boolean tcp;
    boolean tls12Only;
    boolean compLzo;
    boolean compStubV2;
    long seed;
    String username;
    String password;
    java.util.List<X509Certificate> extraChain;
    String ivSso;

    Copy(TestClientConfig c) {
      wrap = c.wrap;
      staticKey = c.staticKey;
      tlsAuthDigest = c.tlsAuthDigest;
      tlsAuthDirection = c.tlsAuthDirection;
      cert = c.cert;
      ca = c.ca;
      ivCiphers = c.ivCiphers;
      ivProto = c.ivProto;
      tcp = c.tcp;
      tls12Only = c.tls12Only;
      compLzo = c.compLzo;
      compStubV2 = c.compStubV2;
      seed = c.seed;
      username = c.username;
      password = c.password;
      extraChain = c.extraChain;
      ivSso = c.ivSso;
    }

    TestClientConfig build() {
      return new TestClientConfig(
          wrap,
          staticKey,
          tlsAuthDigest,
          tlsAuthDirection,
          cert,
          ca,
          ivCiphers,
          ivProto,
          tcp,
          tls12Only,
          compLzo,
          compStubV2,
          seed,
          username,
          password,
          extraChain,
          ivSso);
    }
  }

  /** The OCC options string a stock 2.6 client sends (wire doc 12.3). */
  public String optionsString() {
    return "V4,dev-type tun,link-mtu 1541,tun-mtu 1500,proto "
        + (tcp ? "TCPv4_CLIENT" : "UDPv4")
        + (compLzo ? ",comp-lzo" : "")
        + (wrap == TlsWrapConfig.Mode.TLS_AUTH && tlsAuthDirection >= 0
            ? ",keydir " + tlsAuthDirection
            : "")
        + ",auth SHA1,keysize 128"
        + (wrap == TlsWrapConfig.Mode.TLS_AUTH ? ",tls-auth" : "")
        + ",key-method 2,tls-client";
  }

  /** The peer-info a 2.6.14 Linux client sends (wire doc 5.5), with this config's values. */
  public String peerInfo() {
    return "IV_VER=2.6.14\n"
        + "IV_PLAT=linux\n"
        + "IV_TCPNL=1\n"
        + "IV_MTU=1600\n"
        + "IV_NCP=2\n"
        + (ivCiphers.isEmpty() ? "" : "IV_CIPHERS=" + ivCiphers + "\n")
        + "IV_PROTO="
        + ivProto
        + "\n"
        + "IV_LZO_STUB=1\n"
        + "IV_COMP_STUB=1\n"
        + (compStubV2 ? "IV_COMP_STUBv2=1\n" : "")
        + (ivSso == null ? "" : "IV_SSO=" + ivSso + "\n");
  }

  @Override
  public String toString() {
    return "TestClientConfig[wrap="
        + wrap
        + ", cn="
        + cert.commonName()
        + ", ciphers="
        + ivCiphers
        + ", IV_PROTO="
        + ivProto
        + (tcp ? ", tcp" : ", udp")
        + (tls12Only ? ", TLS 1.2 only" : "")
        + (compLzo ? ", comp-lzo" : "")
        + "]";
  }
}
