package org.p2sgate.core.keyexchange;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The client's peer-info variables (wire doc 5.5): IV_VER, IV_PROTO bits, IV_CIPHERS, IV_NCP... */
public record PeerInfo(Map<String, String> values) {
  public static final int IV_PROTO_DATA_V2 = 1 << 1;
  public static final int IV_PROTO_REQUEST_PUSH = 1 << 2;
  public static final int IV_PROTO_TLS_KEY_EXPORT = 1 << 3;
  public static final int IV_PROTO_AUTH_PENDING_KW = 1 << 4;
  public static final int IV_PROTO_CC_EXIT_NOTIFY = 1 << 7;
  public static final int IV_PROTO_AUTH_FAIL_TEMP = 1 << 8;
  public static final int IV_PROTO_DYN_TLS_CRYPT = 1 << 9;

  /** The client applies PUSH_UPDATE messages (OpenVPN 2.7, ssl.h; not with DCO). */
  public static final int IV_PROTO_PUSH_UPDATE = 1 << 12;

  private static final int MAX_LINES = 128;

  public PeerInfo {
    values = Map.copyOf(values);
  }

  /** Parses newline-separated KEY=VALUE lines; lines without '=' are ignored. */
  public static PeerInfo parse(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    int n = 0;
    for (String line : text.split("\n")) {
      if (++n > MAX_LINES) {
        break;
      }
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.putIfAbsent(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return new PeerInfo(m);
  }

  public String get(String key) {
    return values.get(key);
  }

  /** IV_PROTO as a bit field (0 if absent or not a number). */
  public int ivProto() {
    return intValue("IV_PROTO");
  }

  public boolean hasProto(int bit) {
    return (ivProto() & bit) != 0;
  }

  /** IV_NCP (0 if absent). */
  public int ncp() {
    return intValue("IV_NCP");
  }

  /** IV_CIPHERS split on ':', empty if absent. */
  public List<String> ciphers() {
    String c = values.get("IV_CIPHERS");
    return c == null || c.isBlank() ? List.of() : Arrays.asList(c.split(":"));
  }

  /** Whether the client announced IV_MTU (so it accepts a pushed tun-mtu). */
  public boolean hasMtu() {
    return values.containsKey("IV_MTU");
  }

  /** IV_VER, or "unknown". */
  public String version() {
    return values.getOrDefault("IV_VER", "unknown");
  }

  private int intValue(String key) {
    String v = values.get(key);
    if (v == null) {
      return 0;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
