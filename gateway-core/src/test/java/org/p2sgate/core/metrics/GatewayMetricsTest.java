package org.p2sgate.core.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.observe.Telemetry;
import org.p2sgate.core.observe.TrafficCounters;

/** The series the gateway exposes, with Prometheus' names and units. */
class GatewayMetricsTest {

  @Test
  void everySeriesIsThereWithItsConventionalName() {
    DropCounters drops = new DropCounters();
    TrafficCounters traffic = new TrafficCounters();
    GatewayMetrics m = new GatewayMetrics(drops, traffic, () -> 253, () -> 2, () -> 1);
    drops.count(DropReason.DATA_REPLAY);
    traffic.in(100);
    traffic.out(1500);
    m.handshake(Telemetry.Handshake.OK, 40);
    m.handshake(Telemetry.Handshake.TLS_ERROR, 5);
    m.login("certificate+radius", Telemetry.Login.ACCEPTED, 120);
    m.login("radius", Telemetry.Login.REJECTED, 1000);
    m.renegotiated();
    m.sessions("udp", "certificate+radius", 1);
    m.sessions("udp", "certificate+radius", 1);
    m.sessions("tcp", "entra", 1);
    m.sessions("udp", "certificate+radius", -1);
    m.request("radius", "10.0.0.5:1812", "timeout", 5000);
    m.request("radius", "10.0.0.6:1812", "access_accept", 30);
    String text = m.scrape();
    for (String line :
        new String[] {
          "p2sgate_sessions{method=\"certificate+radius\",transport=\"udp\"} 1",
          "p2sgate_sessions{method=\"entra\",transport=\"tcp\"} 1",
          "p2sgate_handshakes_total{result=\"ok\"} 1",
          "p2sgate_handshakes_total{result=\"tls_error\"} 1",
          "p2sgate_handshake_duration_seconds_bucket{le=\"0.05\"} 1",
          "p2sgate_handshake_duration_seconds_count 1",
          "p2sgate_logins_total{method=\"certificate+radius\",result=\"accepted\"} 1",
          "p2sgate_logins_total{method=\"radius\",result=\"rejected\"} 1",
          "p2sgate_login_duration_seconds_count{method=\"radius\"} 1",
          "p2sgate_renegotiations_total 1",
          "p2sgate_tunnel_bytes_total{direction=\"in\"} 100",
          "p2sgate_tunnel_bytes_total{direction=\"out\"} 1500",
          "p2sgate_tunnel_packets_total{direction=\"out\"} 1",
          "p2sgate_drops_total{reason=\"data_replay\"} 1",
          "p2sgate_drops_total{reason=\"spoofed_source\"} 0",
          "p2sgate_pool_addresses{state=\"size\"} 253",
          "p2sgate_pool_addresses{state=\"in_use\"} 2",
          "p2sgate_pending_logins 1",
          "p2sgate_auth_requests_total{backend=\"radius\",outcome=\"timeout\",server=\"10.0.0.5:1812\"} 1",
          "p2sgate_auth_request_duration_seconds_count{backend=\"radius\"} 2",
          "jvm_memory_used_bytes",
          "process_cpu_usage",
          "process_cpu_seconds_total",
          "system_cpus",
        }) {
      assertTrue(text.contains(line), line + " in\n" + text);
    }
    assertFalse(text.contains("sessionId"), "no per-session series");
  }

  @Test
  void theTunDevicesCountersAreSeries() {
    GatewayMetrics m =
        new GatewayMetrics(new DropCounters(), new TrafficCounters(), () -> 253, () -> 0, () -> 0);
    m.tun(
        new org.p2sgate.tun.DiscardingTun("tun-test", 1500) {
          @Override
          public long gsoWrites() {
            return 3;
          }

          @Override
          public long gsoSegments() {
            return 120;
          }

          @Override
          public long queueOverflows() {
            return 7;
          }
        });
    String text = m.scrape();
    for (String line :
        new String[] {
          "p2sgate_tun_gso_writes_total 3",
          "p2sgate_tun_gso_segments_total 120",
          "p2sgate_tun_dropped_total 0",
          "p2sgate_tun_queue_overflows_total 7"
        }) {
      org.junit.jupiter.api.Assertions.assertTrue(text.contains(line), line + " in\n" + text);
    }
  }

  @Test
  void eachDataPathThreadHasItsSessionGauge() {
    GatewayMetrics m =
        new GatewayMetrics(new DropCounters(), new TrafficCounters(), () -> 253, () -> 0, () -> 0);
    int[] owned = {3, 5};
    m.dataPath(2, t -> owned[t]);
    owned[1] = 6; // read at scrape time
    String text = m.scrape();
    for (String line :
        new String[] {
          "p2sgate_data_path_sessions{thread=\"0\"} 3.0",
          "p2sgate_data_path_sessions{thread=\"1\"} 6.0"
        }) {
      org.junit.jupiter.api.Assertions.assertTrue(text.contains(line), line + " in\n" + text);
    }
  }

  @Test
  void theLoginSeriesOfThePolicyStartAtZero() {
    GatewayMetrics m =
        new GatewayMetrics(new DropCounters(), new TrafficCounters(), () -> 253, () -> 0, () -> 0);
    m.expectLogins("certificate+radius");
    String text = m.scrape();
    for (String line :
        new String[] {
          "p2sgate_logins_total{method=\"certificate+radius\",result=\"accepted\"} 0.0",
          "p2sgate_logins_total{method=\"radius\",result=\"rejected\"} 0.0",
          "p2sgate_logins_total{method=\"certificate\",result=\"unavailable\"} 0.0",
        }) {
      assertTrue(text.contains(line), line + " in\n" + text);
    }
    m.login("certificate+radius", Telemetry.Login.ACCEPTED, 10);
    assertTrue(
        m.scrape()
            .contains(
                "p2sgate_logins_total{method=\"certificate+radius\",result=\"accepted\"} 1.0"));
  }

  @Test
  void perSessionSeriesFollowTheLiveSessionsOnly() {
    GatewayMetrics m =
        new GatewayMetrics(new DropCounters(), new TrafficCounters(), () -> 253, () -> 2, () -> 0);
    m.sessions(
        java.util.List.of(session("a1", "alice", "10.8.0.2"), session("b2", "bob", "10.8.0.3")));
    String text = m.scrape();
    for (String line :
        new String[] {
          "p2sgate_session_tunnel_bytes{address=\"10.8.0.2\",direction=\"in\",session=\"a1\",user=\"alice\"} 100.0",
          "p2sgate_session_tunnel_bytes{address=\"10.8.0.3\",direction=\"out\",session=\"b2\",user=\"bob\"} 2000.0",
          "p2sgate_session_tunnel_packets{address=\"10.8.0.2\",direction=\"out\",session=\"a1\",user=\"alice\"} 4.0",
          "p2sgate_session_start_time_seconds{address=\"10.8.0.2\",session=\"a1\",user=\"alice\"} 1.7E9",
        }) {
      assertTrue(text.contains(line), line + " in\n" + text);
    }
    m.sessions(java.util.List.of(session("b2", "bob", "10.8.0.3")));
    text = m.scrape();
    assertFalse(text.contains("session=\"a1\""), "an ended session's series are gone:\n" + text);
    assertTrue(text.contains("session=\"b2\""), text);
  }

  private static org.p2sgate.core.session.SessionInfo session(String id, String user, String ip) {
    return new org.p2sgate.core.session.SessionInfo(
        id,
        user,
        "certificate",
        user,
        "198.18.0.2:40000",
        "udp",
        ip,
        "AES-256-GCM",
        "TLSv1.3",
        100,
        2000,
        3,
        4,
        1_700_000_000_000L,
        1_700_000_100_000L,
        "2.6.9",
        "linux",
        1,
        0);
  }
}
