package org.p2sgate.core.pki;

import java.util.ArrayList;
import java.util.List;
import org.p2sgate.core.config.Remote;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.config.TlsWrapConfig;

/**
 * Renders a self-contained OpenVPN 2.x client profile ({@code .ovpn}) for a gateway: every remote,
 * the server check ({@code remote-cert-tls server} and {@code verify-x509-name} of its CN), the
 * data ciphers in the gateway's order, the CA, the client certificate and key when the policy needs
 * them, {@code auth-user-pass} (and {@code static-challenge}) when it needs a password, and the
 * control-channel key, inlined so the one file is all a client needs.
 */
public final class ClientProfile {
  private ClientProfile() {}

  /**
   * The demo's profile: the gateway's first login policy (certificate, with {@code auth-user-pass}
   * when it also asks RADIUS), one remote host on the gateway's port and transports.
   *
   * @throws IllegalArgumentException if {@code remoteHost} is not a plain host name or address
   */
  public static String render(ServerConfig server, String remoteHost, ClientCredentials client) {
    return render(
        server,
        new ProfileOptions(
            List.of(new Remote(remoteHost, 0, null)),
            Profiles.policyMethods(server.auth().policy(), null),
            null),
        client.commonName(),
        client);
  }

  /**
   * The profile text.
   *
   * @param server the gateway's configuration (port, transports, CA, ciphers, tls wrap)
   * @param user whom it is for (a comment)
   * @param client the client's certificate and key; required when the policy names {@code
   *     certificate}, ignored otherwise
   */
  public static String render(
      ServerConfig server, ProfileOptions o, String user, ClientCredentials client) {
    if (o.certificate() && client == null) {
      throw new IllegalArgumentException("the policy needs a certificate for " + user);
    }
    List<String> remotes = remoteLines(server, o.remotes());
    StringBuilder p = new StringBuilder();
    p.append("# OpenVPN client profile for '").append(user).append("', made by p2sgate.\n");
    p.append(
        o.certificate()
            ? "# It holds the client's private key: keep it private.\n"
            : "# It holds the gateway's control-channel key: keep it private.\n");
    p.append("# Use: sudo openvpn --config <this file>\n");
    p.append("client\n").append("dev tun\n");
    p.append("proto ").append(firstProto(server, o.remotes().get(0))).append('\n');
    remotes.forEach(r -> p.append(r).append('\n'));
    p.append("nobind\n").append("remote-cert-tls server\n");
    CertFacts.firstCommonName(server.certPem())
        .ifPresent(cn -> p.append("verify-x509-name ").append(quoted(cn)).append(" name\n"));
    p.append("data-ciphers ").append(String.join(":", server.dataCiphers())).append('\n');
    p.append("persist-key\n").append("persist-tun\n").append("verb 3\n");
    if (o.password()) {
      p.append("auth-user-pass\n");
      if (o.staticChallenge() != null && o.methods().contains("radius")) {
        p.append("static-challenge ").append(quoted(o.staticChallenge())).append(" 1\n");
      }
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
    if (o.certificate()) {
      block(p, "cert", client.certPem());
      block(p, "key", client.keyPem());
    }
    if (wrap.v2() != null) {
      // a key of the client's own: the gateway can refuse it alone, before any TLS
      TlsCryptV2Keys.Issued k = tlsCryptV2Key(wrap, user);
      p.append("# tls-crypt-v2 client key metadata: ").append(k.metadata()).append('\n');
      p.append("# (to revoke this key: 'key=")
          .append(k.keyId())
          .append("' in the gateway's tls-crypt-v2.revoked file)\n");
      block(p, "tls-crypt-v2", k.pem());
      return p.toString();
    }
    switch (wrap.mode()) {
      case TLS_CRYPT -> block(p, "tls-crypt", wrap.key().toPem());
      case TLS_AUTH -> block(p, "tls-auth", wrap.key().toPem());
      case NONE -> {}
    }
    return p.toString();
  }

  private static TlsCryptV2Keys.Issued tlsCryptV2Key(TlsWrapConfig wrap, String user) {
    try {
      return TlsCryptV2Keys.issue(wrap.v2().serverKey(), user, new java.security.SecureRandom());
    } catch (PkiException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * One {@code remote HOST PORT [PROTO]} line per remote and transport; a remote without a protocol
   * gets one line per transport the gateway listens on, UDP first (then TCP through firewalls that
   * block UDP), or a line without a protocol when there is only one (the {@code proto} line says
   * which).
   *
   * @throws IllegalArgumentException for a protocol the gateway does not listen on
   */
  static List<String> remoteLines(ServerConfig server, List<Remote> remotes) {
    ServerConfig.Transports t = server.transports();
    List<String> out = new ArrayList<>();
    for (Remote r : remotes) {
      int port = r.port() == 0 ? server.port() : r.port();
      List<String> protos = new ArrayList<>();
      if (r.proto() == null && t != ServerConfig.Transports.UDP_AND_TCP) {
        out.add("remote " + r.host() + " " + port); // the proto line says which
        continue;
      }
      if (r.proto() != null) {
        if (r.proto().equals("udp") ? !t.udp() : !t.tcp()) {
          throw new IllegalArgumentException(
              "remote "
                  + r
                  + ": the gateway does not listen on "
                  + r.proto().toUpperCase(java.util.Locale.ROOT));
        }
        protos.add(r.proto());
      } else {
        if (t.udp()) {
          protos.add("udp");
        }
        if (t.tcp()) {
          protos.add("tcp");
        }
      }
      for (String proto : protos) {
        out.add(
            "remote " + r.host() + " " + port + " " + (proto.equals("udp") ? "udp" : "tcp-client"));
      }
    }
    return out;
  }

  private static String firstProto(ServerConfig server, Remote first) {
    String proto =
        first.proto() != null ? first.proto() : server.transports().udp() ? "udp" : "tcp";
    return proto.equals("udp") ? "udp" : "tcp-client";
  }

  /** OpenVPN's quoting: double quotes, with backslash escapes. */
  static String quoted(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
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
