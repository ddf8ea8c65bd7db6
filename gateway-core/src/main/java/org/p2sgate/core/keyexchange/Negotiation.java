package org.p2sgate.core.keyexchange;

import java.util.List;
import java.util.Locale;

/**
 * Chooses the data cipher and protocol features from the client's peer-info (wire doc 5.5, 8, 12).
 */
public final class Negotiation {
  private Negotiation() {}

  /**
   * @param serverCiphers the server's data-ciphers in preference order
   * @param fallback the server's data-ciphers-fallback, or {@code null}
   * @param peerInfo the client's peer-info
   * @param clientOptions the client's OCC options string
   */
  public static Negotiated negotiate(
      List<String> serverCiphers, String fallback, PeerInfo peerInfo, String clientOptions)
      throws NegotiationException {
    List<String> offered = peerInfo.ciphers();
    if (offered.isEmpty() && peerInfo.ncp() >= 2) {
      offered = List.of("AES-256-GCM", "AES-128-GCM");
    }
    boolean ncp = !offered.isEmpty();
    String cipher = null;
    for (String s : serverCiphers) {
      if (containsIgnoreCase(offered, s)) {
        cipher = s;
        break;
      }
    }
    if (cipher == null) {
      String occCipher = occValue(clientOptions, "cipher");
      if (occCipher != null && containsIgnoreCase(serverCiphers, occCipher)) {
        cipher = canonical(serverCiphers, occCipher);
      } else if (fallback != null) {
        cipher = fallback;
      } else {
        throw new NegotiationException(
            "no data cipher in common: client offers "
                + (ncp ? String.join(":", offered) : occCipher == null ? "BF-CBC" : occCipher)
                + ", server allows "
                + String.join(":", serverCiphers));
      }
    }
    int proto = peerInfo.ivProto();
    boolean ccExit = (proto & PeerInfo.IV_PROTO_CC_EXIT_NOTIFY) != 0;
    return new Negotiated(
        cipher,
        ncp,
        (proto & PeerInfo.IV_PROTO_DATA_V2) != 0,
        (proto & PeerInfo.IV_PROTO_TLS_KEY_EXPORT) != 0,
        ccExit,
        (proto & PeerInfo.IV_PROTO_REQUEST_PUSH) != 0,
        compression(peerInfo, clientOptions));
  }

  /** The {@code compress migrate} rules of the reference (wire doc 8). */
  static Negotiated.Compression compression(PeerInfo peerInfo, String clientOptions) {
    if (!hasOccItem(clientOptions, "comp-lzo")) {
      return Negotiated.Compression.NONE;
    }
    return "1".equals(peerInfo.get("IV_COMP_STUBv2"))
        ? Negotiated.Compression.STUB_V2
        : Negotiated.Compression.LZO_NO;
  }

  static boolean hasOccItem(String options, String item) {
    for (String part : options.split(",")) {
      if (part.equals(item) || part.startsWith(item + " ")) {
        return true;
      }
    }
    return false;
  }

  static String occValue(String options, String key) {
    for (String part : options.split(",")) {
      if (part.startsWith(key + " ")) {
        return part.substring(key.length() + 1).trim();
      }
    }
    return null;
  }

  private static boolean containsIgnoreCase(List<String> list, String s) {
    return canonical(list, s) != null;
  }

  private static String canonical(List<String> list, String s) {
    for (String e : list) {
      if (e.toUpperCase(Locale.ROOT).equals(s.toUpperCase(Locale.ROOT))) {
        return e;
      }
    }
    return null;
  }

  /**
   * The server's OCC options string: the client's own, seen from the server side, so that a stock
   * client logs no mismatch warnings (a mismatch only ever produces warnings, wire doc 12.3).
   */
  public static String serverOptions(String clientOptions, boolean tcp) {
    if (clientOptions.isEmpty() || !clientOptions.startsWith("V4")) {
      return "V4,dev-type tun,link-mtu 1541,tun-mtu 1500,proto "
          + (tcp ? "TCPv4_SERVER" : "UDPv4")
          + ",auth SHA1,keysize 128,key-method 2,tls-server";
    }
    StringBuilder sb = new StringBuilder();
    for (String part : clientOptions.split(",")) {
      String p =
          switch (part) {
            case "tls-client" -> "tls-server";
            case "proto TCPv4_CLIENT" -> "proto TCPv4_SERVER";
            case "keydir 1" -> "keydir 0";
            case "keydir 0" -> "keydir 1";
            default -> part;
          };
      sb.append(sb.isEmpty() ? "" : ",").append(p);
    }
    return sb.toString();
  }
}
