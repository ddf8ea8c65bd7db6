package org.p2sgate.core.pki;

import java.util.regex.Pattern;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.config.TlsWrapConfig;

/**
 * Renders a self-contained OpenVPN 2.x client profile ({@code .ovpn}) for a gateway: the CA, client
 * certificate, client key and control-channel key are inlined, so the one file is all a client
 * needs. No {@code cipher} line: OpenVPN 2.6 clients negotiate the data cipher.
 */
public final class ClientProfile {
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]{1,253}");

  private ClientProfile() {}

  /**
   * The profile text.
   *
   * @param server the gateway's configuration (port, transports, CA, tls-crypt/tls-auth key)
   * @param remoteHost host name or address clients connect to
   * @param client the client's certificate and key
   * @throws IllegalArgumentException if {@code remoteHost} is not a plain host name or address
   */
  public static String render(ServerConfig server, String remoteHost, ClientCredentials client) {
    if (!HOST.matcher(remoteHost).matches() || remoteHost.startsWith("-")) {
      throw new IllegalArgumentException("'" + remoteHost + "' is not a host name or address");
    }
    StringBuilder p = new StringBuilder();
    p.append("# OpenVPN client profile for '")
        .append(client.commonName())
        .append("', made by p2sgate.\n")
        .append("# It holds the client's private key: keep it private.\n")
        .append("# Use: sudo openvpn --config <this file>\n");
    p.append("client\n").append("dev tun\n");
    ServerConfig.Transports t = server.transports();
    p.append(t.udp() ? "proto udp\n" : "proto tcp-client\n");
    if (t == ServerConfig.Transports.UDP_AND_TCP) {
      // tried in order: UDP first, then TCP through firewalls that block UDP
      p.append("remote ").append(remoteHost).append(' ').append(server.port()).append(" udp\n");
      p.append("remote ")
          .append(remoteHost)
          .append(' ')
          .append(server.port())
          .append(" tcp-client\n");
    } else {
      p.append("remote ").append(remoteHost).append(' ').append(server.port()).append('\n');
    }
    p.append("nobind\n")
        .append("remote-cert-tls server\n")
        .append("persist-key\n")
        .append("persist-tun\n")
        .append("verb 3\n");
    if (everyPolicyAsksForAPassword(server.auth().policy())) {
      // the client asks for a username and password (RADIUS: password, or password and OTP)
      p.append("auth-user-pass\n");
    }
    TlsWrapConfig wrap = server.tlsWrap();
    if (wrap.mode() == TlsWrapConfig.Mode.TLS_AUTH) {
      if (!wrap.authDigest().equals("SHA1")) {
        p.append("auth ").append(wrap.authDigest()).append('\n');
      }
      if (wrap.keyDirection() >= 0) {
        p.append("key-direction ").append(1 - wrap.keyDirection()).append('\n');
      }
    }
    block(p, "ca", server.caPem());
    block(p, "cert", client.certPem());
    block(p, "key", client.keyPem());
    switch (wrap.mode()) {
      case TLS_CRYPT -> block(p, "tls-crypt", wrap.key().toPem());
      case TLS_AUTH -> block(p, "tls-auth", wrap.key().toPem());
      case NONE -> {}
    }
    return p.toString();
  }

  /**
   * Whether every policy of {@code policies} ("certificate+radius, entra") includes RADIUS, so that
   * no client of the profile gets in without a username and password. Entra ID clients use their
   * own profile (the Azure VPN Client's), and a certificate-only policy needs no prompt.
   */
  static boolean everyPolicyAsksForAPassword(String policies) {
    for (String policy : policies.split(",")) {
      boolean radius = false;
      for (String method : policy.split("\\+")) {
        radius |= method.strip().equals("radius");
      }
      if (!radius) {
        return false;
      }
    }
    return true;
  }

  private static void block(StringBuilder p, String tag, String text) {
    p.append('<')
        .append(tag)
        .append(">\n")
        .append(text.strip())
        .append("\n</")
        .append(tag)
        .append(">\n");
  }
}
