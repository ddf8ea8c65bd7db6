package org.p2sgate.core.session;

import java.util.Map;

/**
 * What the operator sees of one admitted session (the admin API): a copy taken on the event loop,
 * safe to hand to any thread. Never holds secrets.
 *
 * @param id the gateway's session id (also Acct-Session-Id)
 * @param user who the login said the user is
 * @param method how the login went in: the policy (e.g. {@code certificate+radius}) or {@code
 *     auth-token}
 * @param commonName the client certificate's name, or {@code null} without one
 * @param realAddress the client's transport address, {@code ip:port} ({@code [ip]:port} for IPv6)
 * @param transport {@code udp} or {@code tcp}
 * @param tunnelAddress the address in the tunnel
 * @param cipher the data-channel cipher
 * @param tls the TLS version and suite of the current key
 * @param bytesIn tunnelled bytes from the client
 * @param bytesOut tunnelled bytes to the client
 * @param packetsIn tunnelled packets from the client
 * @param packetsOut tunnelled packets to the client
 * @param connectedSinceMs when the login admitted it (epoch milliseconds)
 * @param lastActivityMs when a packet last came from the client (epoch milliseconds)
 * @param clientVersion the client's IV_VER, printable
 * @param platform the client's IV_PLAT, printable
 * @param clientId the management interface's client id (CID): a number counting admitted sessions
 *     from 0, never reused while the gateway runs
 * @param peerId the data channel's peer-id of the session
 * @param tunnelAddress6 the IPv6 address in the tunnel, or {@code null} (IPv4 only)
 */
public record SessionInfo(
    String id,
    String user,
    String method,
    String commonName,
    String realAddress,
    String transport,
    String tunnelAddress,
    String cipher,
    String tls,
    long bytesIn,
    long bytesOut,
    long packetsIn,
    long packetsOut,
    long connectedSinceMs,
    long lastActivityMs,
    String clientVersion,
    String platform,
    long clientId,
    int peerId,
    String tunnelAddress6) {

  /** IPv4 only. */
  public SessionInfo(
      String id,
      String user,
      String method,
      String commonName,
      String realAddress,
      String transport,
      String tunnelAddress,
      String cipher,
      String tls,
      long bytesIn,
      long bytesOut,
      long packetsIn,
      long packetsOut,
      long connectedSinceMs,
      long lastActivityMs,
      String clientVersion,
      String platform,
      long clientId,
      int peerId) {
    this(
        id,
        user,
        method,
        commonName,
        realAddress,
        transport,
        tunnelAddress,
        cipher,
        tls,
        bytesIn,
        bytesOut,
        packetsIn,
        packetsOut,
        connectedSinceMs,
        lastActivityMs,
        clientVersion,
        platform,
        clientId,
        peerId,
        null);
  }

  /** The fields by name, for JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("id", id);
    m.put("user", user);
    m.put("method", method);
    m.put("commonName", commonName);
    m.put("realAddress", realAddress);
    m.put("transport", transport);
    m.put("tunnelAddress", tunnelAddress);
    if (tunnelAddress6 != null) {
      m.put("tunnelAddress6", tunnelAddress6);
    }
    m.put("cipher", cipher);
    m.put("tls", tls);
    m.put("bytesIn", bytesIn);
    m.put("bytesOut", bytesOut);
    m.put("packetsIn", packetsIn);
    m.put("packetsOut", packetsOut);
    m.put("connectedSince", java.time.Instant.ofEpochMilli(connectedSinceMs).toString());
    m.put("lastActivity", java.time.Instant.ofEpochMilli(lastActivityMs).toString());
    m.put("clientVersion", clientVersion);
    m.put("platform", platform);
    return m;
  }

  /** What the operator sees of {@code s} now (admitted sessions only). */
  static SessionInfo of(ClientSession s) {
    LoginRecord login = s.login();
    java.net.InetSocketAddress a = s.peer.socketAddress();
    String real =
        a == null
            ? "-"
            : a.getAddress() instanceof java.net.Inet6Address
                ? "["
                    + org.p2sgate.core.ippool.Ipv6Text.of(a.getAddress())
                    + "]:"
                    + a.getPort() // as the reference
                : a.getAddress().getHostAddress() + ":" + a.getPort();
    return new SessionInfo(
        s.sessionIdHex(),
        org.p2sgate.core.observe.LogText.printable(login.identity()),
        login.method(),
        s.commonName() == null ? null : org.p2sgate.core.observe.LogText.printable(s.commonName()),
        real,
        s.transport(),
        s.tunnelAddress.getHostAddress(),
        s.negotiated.cipher(),
        tlsSummary(s),
        s.data.bytesIn,
        s.data.bytesOut,
        s.data.packetsIn,
        s.data.packetsOut,
        login.establishedAt(),
        s.lastRxMs,
        org.p2sgate.core.observe.LogText.printable(s.peerInfo.version()),
        org.p2sgate.core.observe.LogText.printable(s.peerInfo.get("IV_PLAT")),
        s.clientId,
        s.peerId,
        s.tunnelAddress6 == null ? null : org.p2sgate.core.ippool.Ipv6Text.of(s.tunnelAddress6));
  }

  /** The TLS of the newest key whose handshake is complete (a renegotiation may be under way). */
  private static String tlsSummary(ClientSession s) {
    if (s.primary.tlsSummary != null) {
      return s.primary.tlsSummary;
    }
    return s.lameDuck != null && s.lameDuck.tlsSummary != null ? s.lameDuck.tlsSummary : "-";
  }
}
