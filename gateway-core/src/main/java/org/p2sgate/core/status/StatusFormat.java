package org.p2sgate.core.status;

import java.util.ArrayList;
import java.util.List;
import org.p2sgate.core.session.SessionInfo;

/**
 * The reference server's three status formats ({@code status-version 1|2|3}), rendered line by line
 * without line ends: the status file ends each with {@code \n}, the management interface with
 * {@code \r\n}.
 *
 * <p>The columns are the reference's. Where p2sgate's values differ in meaning: the byte counts are
 * the tunnelled IP bytes (the reference counts the encrypted link bytes, a few dozen bytes per
 * packet more); "Connected Since" is when the login admitted the session; "Last Ref" is when the
 * client last sent a packet; the broadcast queue is always 0 and data channel offload always off.
 */
public enum StatusFormat {
  /** {@code OpenVPN CLIENT LIST} ... {@code END}, comma-separated, the reference's default. */
  V1,
  /** {@code TITLE,...} ... {@code END}, comma-separated. */
  V2,
  /** As {@link #V2}, tab-separated. */
  V3;

  /** "UNDEF": the reference's word for a missing common name or username. */
  static final String UNDEF = "UNDEF";

  /** The format {@code status-version n} names. */
  public static StatusFormat of(int version) {
    return switch (version) {
      case 1 -> V1;
      case 2 -> V2;
      case 3 -> V3;
      default -> throw new IllegalArgumentException("status version must be 1, 2 or 3");
    };
  }

  /** The report's lines, from the title (or "OpenVPN CLIENT LIST") to {@code END}. */
  public List<String> render(StatusReport r) {
    return this == V1 ? version1(r) : version2or3(r, this == V3 ? '\t' : ',');
  }

  private static List<String> version1(StatusReport r) {
    List<String> out = new ArrayList<>();
    out.add("OpenVPN CLIENT LIST");
    out.add("Updated," + StatusTime.text(r.nowMs(), r.zone()));
    out.add("Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since");
    for (SessionInfo s : r.sessions()) {
      out.add(
          row(
              ',',
              commonName(s),
              s.realAddress(),
              Long.toString(s.bytesIn()),
              Long.toString(s.bytesOut()),
              StatusTime.text(s.connectedSinceMs(), r.zone())));
    }
    out.add("ROUTING TABLE");
    out.add("Virtual Address,Common Name,Real Address,Last Ref");
    for (SessionInfo s : r.sessions()) {
      for (String virtual : virtualAddresses(s)) {
        out.add(
            row(
                ',',
                virtual,
                commonName(s),
                s.realAddress(),
                StatusTime.text(s.lastActivityMs(), r.zone())));
      }
    }
    out.add("GLOBAL STATS");
    out.add("Max bcast/mcast queue length,0");
    out.add("END");
    return out;
  }

  /** A routing-table row per tunnel address, IPv4 then IPv6, as the reference lists its routes. */
  private static List<String> virtualAddresses(SessionInfo s) {
    return s.tunnelAddress6() == null
        ? List.of(s.tunnelAddress())
        : List.of(s.tunnelAddress(), s.tunnelAddress6());
  }

  private static List<String> version2or3(StatusReport r, char sep) {
    List<String> out = new ArrayList<>();
    out.add(row(sep, "TITLE", r.title()));
    out.add(row(sep, "TIME", StatusTime.text(r.nowMs(), r.zone()), StatusTime.timeT(r.nowMs())));
    out.add(
        row(
            sep,
            "HEADER",
            "CLIENT_LIST",
            "Common Name",
            "Real Address",
            "Virtual Address",
            "Virtual IPv6 Address",
            "Bytes Received",
            "Bytes Sent",
            "Connected Since",
            "Connected Since (time_t)",
            "Username",
            "Client ID",
            "Peer ID",
            "Data Channel Cipher"));
    for (SessionInfo s : r.sessions()) {
      out.add(
          row(
              sep,
              "CLIENT_LIST",
              commonName(s),
              s.realAddress(),
              s.tunnelAddress(),
              s.tunnelAddress6() == null ? "" : s.tunnelAddress6(),
              Long.toString(s.bytesIn()),
              Long.toString(s.bytesOut()),
              StatusTime.text(s.connectedSinceMs(), r.zone()),
              StatusTime.timeT(s.connectedSinceMs()),
              username(s),
              Long.toString(s.clientId()),
              Integer.toString(s.peerId()),
              s.cipher()));
    }
    out.add(
        row(
            sep,
            "HEADER",
            "ROUTING_TABLE",
            "Virtual Address",
            "Common Name",
            "Real Address",
            "Last Ref",
            "Last Ref (time_t)"));
    for (SessionInfo s : r.sessions()) {
      for (String virtual : virtualAddresses(s)) {
        out.add(
            row(
                sep,
                "ROUTING_TABLE",
                virtual,
                commonName(s),
                s.realAddress(),
                StatusTime.text(s.lastActivityMs(), r.zone()),
                StatusTime.timeT(s.lastActivityMs())));
      }
    }
    out.add(row(sep, "GLOBAL_STATS", "Max bcast/mcast queue length", "0"));
    out.add(row(sep, "GLOBAL_STATS", "dco_enabled", "0"));
    out.add("END");
    return out;
  }

  private static String commonName(SessionInfo s) {
    return s.commonName() == null || s.commonName().isEmpty() ? UNDEF : s.commonName();
  }

  /**
   * The name the client logged in with; a certificate-only login has none ("UNDEF", as the
   * reference prints for a client without {@code auth-user-pass}).
   */
  private static String username(SessionInfo s) {
    return s.user() == null || s.user().isEmpty() || "certificate".equals(s.method())
        ? UNDEF
        : s.user();
  }

  /**
   * Fields joined by {@code sep}. A field holding the separator or a line end (a common name may)
   * has it replaced by '_', so that every line keeps its number of fields.
   */
  private static String row(char sep, String... fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        b.append(sep);
      }
      String f = fields[i] == null ? "" : fields[i];
      for (int j = 0; j < f.length(); j++) {
        char ch = f.charAt(j);
        b.append(ch == sep || ch == '\n' || ch == '\r' ? '_' : ch);
      }
    }
    return b.toString();
  }
}
