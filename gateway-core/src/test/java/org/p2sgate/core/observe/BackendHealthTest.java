package org.p2sgate.core.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackendHealthTest {
  final AtomicLong now = new AtomicLong(1_000_000);
  final BackendHealth health =
      new BackendHealth(Map.of("entra", Duration.ofMinutes(5)), Duration.ofSeconds(30), now::get);

  @Test
  void aBackEndIsUnavailableOnlyAfterFailingForItsWholeTolerance() {
    health.request("radius", "10.0.0.5:1812", "timeout", 3000);
    now.addAndGet(20_000);
    health.request("radius", "10.0.0.5:1812", "timeout", 3000);
    assertEquals(List.of(), health.unavailable(), "23 s of timeouts: within 30 s");
    now.addAndGet(10_000);
    assertEquals(List.of("radius: no answer for 33 s"), health.unavailable());
  }

  @Test
  void anyAnswerEndsTheOutageEvenARefusal() {
    health.request("radius", "a:1812", "timeout", 3000);
    now.addAndGet(60_000);
    health.request("radius", "b:1812", "access_reject", 12);
    assertEquals(List.of(), health.unavailable());
    health.request("radius", "a:1812", "timeout", 3000);
    now.addAndGet(1000);
    assertEquals(List.of(), health.unavailable(), "a new outage starts from zero");
  }

  @Test
  void eachBackEndHasItsOwnToleranceAndAccountingNeverCounts() {
    health.request("entra", "login.example", "error", 100);
    health.request("radius-accounting", "a:1813", "timeout", 3000);
    now.addAndGet(120_000);
    assertEquals(List.of(), health.unavailable(), "the IdP's keys outlast a 2 minute outage");
    now.addAndGet(200_000);
    assertEquals(List.of("entra: no answer for 320 s"), health.unavailable());
  }
}
