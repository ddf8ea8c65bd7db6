package org.p2sgate.core.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's whole configuration, as validated at start-up. Both front ends (our YAML and the
 * OpenVPN server.conf subset) produce this record; nothing downstream reads config files.
 *
 * @param listenAddress address to bind, or {@code null} for all addresses
 * @param port UDP/TCP port (OpenVPN default 1194)
 * @param transports which listeners to open on {@code port}
 * @param tunName TUN device name; may contain {@code %d} for the kernel to pick a number
 * @param tunMtu MTU of the TUN device and the pushed {@code tun-mtu}
 * @param poolNetwork first address of the client pool ({@code server NET MASK})
 * @param poolPrefix prefix length of the pool; the gateway owns the first host address
 * @param push options pushed verbatim to every client, in order (routes, dhcp-option, ...)
 * @param pingInterval keepalive ping interval pushed to clients and used by the server
 * @param pingRestart client-side ping-restart pushed to clients; the server waits twice as long
 * @param dataCiphers NCP cipher names in server preference order
 * @param dataCiphersFallback cipher for clients that cannot negotiate, or {@code null}
 * @param caPem PEM text of the trusted CA certificate(s)
 * @param certPem PEM text of the server certificate (chain)
 * @param keyPem PEM text of the server private key (secret: never log)
 * @param tlsWrap control-channel wrapping: none, tls-auth or tls-crypt
 * @param clientToClient whether packets between two clients are forwarded inside the gateway
 * @param duplicateCn whether several sessions may share one certificate common name
 * @param maxClients maximum number of concurrent admitted sessions
 * @param maxPendingLogins sessions (and TCP connections) not yet admitted, at most
 * @param maxPendingPerSource of those, at most this many from one source (IPv4 address, IPv6 /64)
 * @param connectRate new UDP sessions answered per window, per source, per network and in all
 * @param renegSec data-key lifetime before the server renegotiates (0 = never)
 * @param handWindow time allowed for a TLS handshake to complete
 * @param tlsVersionMin lowest TLS version accepted ("1.2" or "1.3")
 * @param explicitExitNotify whether clients are told to reconnect when the gateway stops
 * @param mssfix TCP MSS clamp target for the encapsulated packet (0 = off)
 * @param verbosity OpenVPN-style verbosity (0..11), mapped to log levels
 * @param statePath where runtime files may be written (may be {@code null})
 * @param poolPersist where client addresses are saved, so that each identity keeps its address
 *     across restarts ({@code null}: remembered only while running)
 * @param keyDerivation how data-channel keys are derived for clients that offer tls-ekm
 * @param revokedThumbprints files listing revoked certificates by SHA-1/SHA-256 thumbprint
 * @param crlFiles certificate revocation lists (PEM or DER); both are re-read when they change
 * @param auth how clients authenticate after the TLS handshake
 * @param admin the admin HTTP listener, or {@code null} for none
 * @param status the OpenVPN status file and its format ({@code null}: {@link StatusSettings#NONE})
 * @param management the OpenVPN management interface, or {@code null} for none
 * @param logFormat how log lines are written
 * @param profiles what client profiles are made from (PKI folder, remotes), or {@code null} when
 *     the configuration does not say (an OpenVPN server.conf)
 * @param clientConfigDir per-client files read at login ({@code client-config-dir}), or {@code
 *     null} for none
 * @param routes the kernel table whose prefixes are pushed ({@code routes.from-kernel}), or {@code
 *     null} for none
 * @param access who may reach what: access groups, their routes and destinations ({@code null}:
 *     {@link AccessPolicy#OPEN})
 * @param pool6 the IPv6 tunnel network ({@code server-ipv6}, {@code pool6:}), or {@code null} for
 *     IPv4 only; each client's IPv6 address follows its IPv4 one ({@code ippool.Ipv6Pool})
 * @param buffers the TUN queue and socket buffer sizes the kernel is asked for ({@code null}:
 *     {@link KernelBuffers#DEFAULTS})
 */
public record ServerConfig(
    InetAddress listenAddress,
    int port,
    Transports transports,
    String tunName,
    int tunMtu,
    java.net.Inet4Address poolNetwork,
    int poolPrefix,
    List<String> push,
    Duration pingInterval,
    Duration pingRestart,
    List<String> dataCiphers,
    String dataCiphersFallback,
    String caPem,
    String certPem,
    String keyPem,
    TlsWrapConfig tlsWrap,
    boolean clientToClient,
    boolean duplicateCn,
    int maxClients,
    int maxPendingLogins,
    int maxPendingPerSource,
    ConnectRate connectRate,
    Duration renegSec,
    Duration handWindow,
    String tlsVersionMin,
    boolean explicitExitNotify,
    int mssfix,
    int verbosity,
    Path statePath,
    Path poolPersist,
    KeyDerivation keyDerivation,
    List<Path> revokedThumbprints,
    List<Path> crlFiles,
    AuthSettings auth,
    AdminSettings admin,
    StatusSettings status,
    ManagementSettings management,
    LogFormat logFormat,
    ProfileSettings profiles,
    ClientConfigDir clientConfigDir,
    RouteSettings routes,
    AccessPolicy access,
    Ipv6Network pool6,
    KernelBuffers buffers) {

  /** How log lines are written: text for people, or one JSON object per line for log stores. */
  public enum LogFormat {
    TEXT,
    JSON
  }

  /**
   * Data-channel key derivation (wire doc 6). {@code AUTO} uses the TLS exporter (tls-ekm) with
   * every client that offers it, as OpenVPN 2.6 does; {@code PRF} always uses the legacy OpenVPN
   * PRF, as a pre-2.6 server would (for interop with clients whose exporter is broken, and to
   * exercise that path with current clients).
   */
  public enum KeyDerivation {
    AUTO,
    PRF
  }

  /** Which listeners the gateway opens. */
  public enum Transports {
    UDP,
    TCP,
    UDP_AND_TCP;

    public boolean udp() {
      return this != TCP;
    }

    public boolean tcp() {
      return this != UDP;
    }
  }

  public ServerConfig {
    Objects.requireNonNull(transports, "transports");
    Objects.requireNonNull(keyDerivation, "keyDerivation");
    Objects.requireNonNull(auth, "auth");
    Objects.requireNonNull(tunName, "tunName");
    Objects.requireNonNull(poolNetwork, "poolNetwork");
    Objects.requireNonNull(caPem, "caPem");
    Objects.requireNonNull(certPem, "certPem");
    Objects.requireNonNull(keyPem, "keyPem");
    Objects.requireNonNull(tlsWrap, "tlsWrap");
    connectRate = connectRate == null ? ConnectRate.DEFAULT : connectRate;
    status = status == null ? StatusSettings.NONE : status;
    access = access == null ? AccessPolicy.OPEN : access;
    buffers = buffers == null ? KernelBuffers.DEFAULTS : buffers;
    push = List.copyOf(push);
    revokedThumbprints = List.copyOf(revokedThumbprints);
    crlFiles = List.copyOf(crlFiles);
    dataCiphers = List.copyOf(dataCiphers);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    if (poolPrefix < 8 || poolPrefix > 30) {
      throw new IllegalArgumentException("pool prefix must be /8../30, got /" + poolPrefix);
    }
    for (String option : push) {
      // the client's OPTION_LINE_SIZE is 256; a comma would split the option in PUSH_REPLY
      if (option.isBlank() || option.length() > 255 || option.indexOf(',') >= 0) {
        throw new IllegalArgumentException(
            "pushed option must be 1..255 characters without commas: '" + option + "'");
      }
    }
    if (pool6 != null) {
      String problem =
          org.p2sgate.core.ippool.Ipv6Pool.capacityProblem(
              pool6.prefix(), (1L << (32 - poolPrefix)) - 3);
      if (problem != null) {
        throw new IllegalArgumentException("IPv6 network " + pool6 + ": " + problem);
      }
      if (tunMtu < 1280) {
        throw new IllegalArgumentException(
            "IPv6 in the tunnel (" + pool6 + ") needs a TUN mtu of at least 1280, got " + tunMtu);
      }
      if (pool6.contains(listenAddress)) {
        throw new IllegalArgumentException(
            "the listen address "
                + org.p2sgate.core.ippool.Ipv6Text.of(listenAddress)
                + " lies inside the IPv6 tunnel network "
                + pool6);
      }
    }
    if (maxPendingLogins < 1 || maxPendingPerSource < 1) {
      throw new IllegalArgumentException("pending-login limits must be at least 1");
    }
    if (dataCiphers.isEmpty()) {
      throw new IllegalArgumentException("data-ciphers must name at least one cipher");
    }
  }

  /** Never prints key material. */
  @Override
  public String toString() {
    return "ServerConfig[listen="
        + (listenAddress == null ? "*" : listenAddress.getHostAddress())
        + ":"
        + port
        + "/"
        + transports
        + ", tun="
        + tunName
        + " mtu "
        + tunMtu
        + ", pool="
        + poolNetwork.getHostAddress()
        + "/"
        + poolPrefix
        + (pool6 == null ? "" : ", pool6=" + pool6)
        + ", push="
        + push
        + ", ciphers="
        + dataCiphers
        + ", wrap="
        + tlsWrap.mode()
        + ", clientToClient="
        + clientToClient
        + ", maxClients="
        + maxClients
        + ", renegSec="
        + renegSec.toSeconds()
        + (keyDerivation == KeyDerivation.PRF ? ", keyDerivation=PRF" : "")
        + "]";
  }
}
