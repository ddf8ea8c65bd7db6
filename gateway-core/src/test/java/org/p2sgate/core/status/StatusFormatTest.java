package org.p2sgate.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.session.SessionInfo;

/**
 * The three status formats, line by line. The header lines are those the real OpenVPN 2.6.14 server
 * wrote for the same two clients (StatusCompatIT compares them live).
 */
class StatusFormatTest {
  static final ZoneId UTC = ZoneId.of("UTC");
  static final long NOW = 1_796_190_255_000L; // 2026-12-02 05:44:15 UTC

  static SessionInfo session(
      String cn, String user, String method, String real, String tunnel, long cid, int peer) {
    return new SessionInfo(
        "id" + cid,
        user,
        method,
        cn,
        real,
        "udp",
        tunnel,
        "AES-256-GCM",
        "TLSv1.3",
        2420,
        2303,
        20,
        19,
        1_796_190_249_000L,
        1_796_190_254_500L,
        "2.6.14",
        "linux",
        cid,
        peer);
  }

  static final List<SessionInfo> TWO =
      List.of(
          session("bob", "bob", "certificate", "198.18.0.2:54955", "10.8.0.3", 1, 1),
          session("alice", "alice", "certificate", "198.18.0.2:45899", "10.8.0.2", 0, 0));

  static StatusReport report(List<SessionInfo> sessions) {
    return new StatusReport(
        "p2sgate 1.0 x86_64-linux [SSL (BouncyCastle)] [AEAD]", NOW, UTC, sessions);
  }

  @Test
  void version2IsTheReferencesCommaFormat() {
    assertEquals(
        List.of(
            "TITLE,p2sgate 1.0 x86_64-linux [SSL (BouncyCastle)] [AEAD]",
            "TIME,2026-12-02 05:44:15,1796190255",
            "HEADER,CLIENT_LIST,Common Name,Real Address,Virtual Address,Virtual IPv6 Address,Bytes"
                + " Received,Bytes Sent,Connected Since,Connected Since (time_t),Username,Client"
                + " ID,Peer ID,Data Channel Cipher",
            "CLIENT_LIST,bob,198.18.0.2:54955,10.8.0.3,,2420,2303,2026-12-02"
                + " 05:44:09,1796190249,UNDEF,1,1,AES-256-GCM",
            "CLIENT_LIST,alice,198.18.0.2:45899,10.8.0.2,,2420,2303,2026-12-02"
                + " 05:44:09,1796190249,UNDEF,0,0,AES-256-GCM",
            "HEADER,ROUTING_TABLE,Virtual Address,Common Name,Real Address,Last Ref,Last Ref"
                + " (time_t)",
            "ROUTING_TABLE,10.8.0.3,bob,198.18.0.2:54955,2026-12-02 05:44:14,1796190254",
            "ROUTING_TABLE,10.8.0.2,alice,198.18.0.2:45899,2026-12-02 05:44:14,1796190254",
            "GLOBAL_STATS,Max bcast/mcast queue length,0",
            "GLOBAL_STATS,dco_enabled,0",
            "END"),
        StatusFormat.V2.render(report(TWO)));
  }

  @Test
  void anIpv6ClientHasItsIpv6AddressAndASecondRoutingRow() {
    SessionInfo v4 =
        session("carol", "carol", "certificate", "[fd00:18::2]:1194", "10.8.0.2", 0, 0);
    SessionInfo s =
        new SessionInfo(
            v4.id(),
            v4.user(),
            v4.method(),
            v4.commonName(),
            v4.realAddress(),
            v4.transport(),
            v4.tunnelAddress(),
            v4.cipher(),
            v4.tls(),
            v4.bytesIn(),
            v4.bytesOut(),
            v4.packetsIn(),
            v4.packetsOut(),
            v4.connectedSinceMs(),
            v4.lastActivityMs(),
            v4.clientVersion(),
            v4.platform(),
            v4.clientId(),
            v4.peerId(),
            "fd00:8::1000");
    List<String> v2 = StatusFormat.V2.render(report(List.of(s)));
    assertTrue(
        v2.contains(
            "CLIENT_LIST,carol,[fd00:18::2]:1194,10.8.0.2,fd00:8::1000,2420,2303,2026-12-02"
                + " 05:44:09,1796190249,UNDEF,0,0,AES-256-GCM"),
        v2.toString());
    assertTrue(
        v2.contains(
            "ROUTING_TABLE,10.8.0.2,carol,[fd00:18::2]:1194,2026-12-02 05:44:14,1796190254"),
        v2.toString());
    assertTrue(
        v2.contains(
            "ROUTING_TABLE,fd00:8::1000,carol,[fd00:18::2]:1194,2026-12-02 05:44:14,1796190254"),
        v2.toString());
    assertTrue(
        StatusFormat.V1
            .render(report(List.of(s)))
            .contains("fd00:8::1000,carol,[fd00:18::2]:1194,2026-12-02 05:44:14"));
  }

  @Test
  void version3IsVersion2WithTabs() {
    List<String> v2 = StatusFormat.V2.render(report(TWO));
    List<String> v3 = StatusFormat.V3.render(report(TWO));
    assertEquals(v2.size(), v3.size());
    for (int i = 0; i < v2.size(); i++) {
      assertEquals(v2.get(i).replace(',', '\t'), v3.get(i));
      assertTrue(!v3.get(i).contains(","), v3.get(i));
    }
  }

  @Test
  void version1IsTheReferencesDefaultFormat() {
    assertEquals(
        List.of(
            "OpenVPN CLIENT LIST",
            "Updated,2026-12-02 05:44:15",
            "Common Name,Real Address,Bytes Received,Bytes Sent,Connected Since",
            "bob,198.18.0.2:54955,2420,2303,2026-12-02 05:44:09",
            "alice,198.18.0.2:45899,2420,2303,2026-12-02 05:44:09",
            "ROUTING TABLE",
            "Virtual Address,Common Name,Real Address,Last Ref",
            "10.8.0.3,bob,198.18.0.2:54955,2026-12-02 05:44:14",
            "10.8.0.2,alice,198.18.0.2:45899,2026-12-02 05:44:14",
            "GLOBAL STATS",
            "Max bcast/mcast queue length,0",
            "END"),
        StatusFormat.V1.render(report(TWO)));
  }

  @Test
  void noSessionsLeavesHeadersAndEnd() {
    List<String> v2 = StatusFormat.V2.render(report(List.of()));
    assertEquals(7, v2.size(), v2.toString());
    assertTrue(v2.get(2).startsWith("HEADER,CLIENT_LIST,"));
    assertTrue(v2.get(3).startsWith("HEADER,ROUTING_TABLE,"));
    assertEquals("END", v2.get(6));
  }

  @Test
  void usernameOfPasswordLoginsUndefForCertificatesAndMissingCommonName() {
    SessionInfo radius =
        session("laptop-7", "alice", "certificate+radius", "198.51.100.7:5000", "10.8.0.4", 7, 3);
    SessionInfo noCert =
        session(null, "bob@example.com", "entra", "[2001:db8::1]:6000", "10.8.0.5", 8, 4);
    List<String> v2 = StatusFormat.V2.render(report(List.of(radius, noCert)));
    assertEquals(
        "CLIENT_LIST,laptop-7,198.51.100.7:5000,10.8.0.4,,2420,2303,2026-12-02"
            + " 05:44:09,1796190249,alice,7,3,AES-256-GCM",
        v2.get(3));
    assertTrue(v2.get(4).startsWith("CLIENT_LIST,UNDEF,"), v2.get(4));
    assertTrue(v2.get(4).contains(",bob@example.com,8,4,"), v2.get(4));
  }

  @Test
  void separatorsInsideValuesCannotAddFields() {
    SessionInfo odd =
        session("a,b\tc\nd", "u", "certificate", "198.51.100.7:5000", "10.8.0.4", 1, 1);
    for (StatusFormat f : StatusFormat.values()) {
      List<String> lines = f.render(report(List.of(odd)));
      char sep = f == StatusFormat.V3 ? '\t' : ',';
      int rowFields = f == StatusFormat.V1 ? 5 : 13;
      String row = lines.get(3);
      assertEquals(rowFields, row.split(String.valueOf(sep), -1).length, row);
      assertTrue(!row.contains("\n"), row);
    }
  }

  @Test
  void timesArePrintedInTheGivenZone() {
    StatusReport paris = new StatusReport("t", NOW, ZoneId.of("Europe/Paris"), List.of());
    assertEquals("TIME,2026-12-02 06:44:15,1796190255", StatusFormat.V2.render(paris).get(1));
  }

  @Test
  void onlyVersionsOneToThree() {
    assertEquals(StatusFormat.V3, StatusFormat.of(3));
    assertThrows(IllegalArgumentException.class, () -> StatusFormat.of(0));
    assertThrows(IllegalArgumentException.class, () -> StatusFormat.of(4));
  }
}
