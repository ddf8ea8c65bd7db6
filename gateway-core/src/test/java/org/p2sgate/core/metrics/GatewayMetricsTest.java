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
}
