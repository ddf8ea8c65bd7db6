package org.p2sgate.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.p2sgate.auth.BackendObserver;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.observe.Telemetry;
import org.p2sgate.core.observe.TrafficCounters;
import org.p2sgate.core.session.SessionInfo;

/**
 * The gateway's Prometheus registry and the {@link Telemetry} that feeds it. Series:
 *
 * <ul>
 *   <li>{@code p2sgate_sessions{transport,method}}: admitted sessions now;
 *   <li>{@code p2sgate_pending_logins}: sessions and TCP connections not yet logged in;
 *   <li>{@code p2sgate_handshakes_total{result}}, {@code p2sgate_handshake_duration_seconds} (TLS
 *       and key method 2, successful ones);
 *   <li>{@code p2sgate_logins_total{method,result}}, {@code
 *       p2sgate_login_duration_seconds{method}};
 *   <li>{@code p2sgate_renegotiations_total};
 *   <li>{@code p2sgate_auth_requests_total{backend,server,outcome}}, {@code
 *       p2sgate_auth_request_duration_seconds{backend}} (RADIUS and the IdP);
 *   <li>{@code p2sgate_tunnel_bytes_total{direction}}, {@code
 *       p2sgate_tunnel_packets_total{direction}} (in: from clients; out: to clients);
 *   <li>{@code p2sgate_drops_total{reason}}, one per {@link DropReason};
 *   <li>{@code p2sgate_pool_addresses{state=size|in_use}};
 *   <li>{@code p2sgate_routes_learned} (pushed from the kernel table of {@code
 *       routes.from-kernel}), {@code p2sgate_route_pushes_total{how=update|reconnect}};
 *   <li>JVM memory, GC, threads, class loading, CPU, file descriptors, uptime.
 * </ul>
 *
 * Thread safe: the event loop records, the admin server scrapes.
 */
public final class GatewayMetrics implements Telemetry, BackendObserver {
  /** Histogram buckets of the duration series: 5 ms to 60 s. */
  static final Duration[] BUCKETS = {
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
  };

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<List<String>, AtomicInteger> sessions = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> loginTimers = new ConcurrentHashMap<>();
  private final Map<String, Timer> backendTimers = new ConcurrentHashMap<>();
  private final Timer handshakeTimer;
  private final Counter renegotiations;
  private final MultiGauge sessionBytes;
  private final MultiGauge sessionPackets;
  private final MultiGauge sessionStart;

  /**
   * @param poolSize client addresses of the pool
   * @param poolInUse addresses handed out now
   * @param pending sessions and TCP connections not yet logged in
   */
  public GatewayMetrics(
      DropCounters drops,
      TrafficCounters traffic,
      IntSupplier poolSize,
      IntSupplier poolInUse,
      IntSupplier pending) {
    // two of Micrometer's JVM series break Prometheus' naming rules (promtool check metrics):
    // CPU time in "ns" becomes the classic process_cpu_seconds_total, the CPU count loses _count
    registry
        .config()
        .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
        .meterFilter(
            new MeterFilter() {
              @Override
              public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
              }
            });
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      FunctionCounter.builder("process.cpu", os, o -> o.getProcessCpuTime() / 1e9)
          .description("CPU time the gateway's process used")
          .baseUnit("seconds")
          .register(registry);
    }
    for (DropReason r : DropReason.values()) {
      FunctionCounter.builder("p2sgate.drops", drops, d -> d.get(r))
          .description("Packets dropped, by reason")
          .tag("reason", r.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry);
    }
    traffic("in", traffic, TrafficCounters::bytesIn, TrafficCounters::packetsIn);
    traffic("out", traffic, TrafficCounters::bytesOut, TrafficCounters::packetsOut);
    Gauge.builder("p2sgate.pool.addresses", poolSize::getAsInt)
        .description("Client addresses of the pool")
        .tag("state", "size")
        .register(registry);
    Gauge.builder("p2sgate.pool.addresses", poolInUse::getAsInt)
        .description("Client addresses of the pool")
        .tag("state", "in_use")
        .register(registry);
    Gauge.builder("p2sgate.pending.logins", pending::getAsInt)
        .description("Sessions and TCP connections not yet logged in")
        .register(registry);
    handshakeTimer =
        Timer.builder("p2sgate.handshake.duration")
            .description("TLS handshake and key method 2, from the first packet")
            .serviceLevelObjectives(BUCKETS)
            .register(registry);
    renegotiations =
        Counter.builder("p2sgate.renegotiations")
            .description("Renegotiations that installed new data keys")
            .register(registry);
    sessionBytes =
        MultiGauge.builder("p2sgate.session.tunnel")
            .description("Tunnelled bytes of one session so far (admin.session-metrics)")
            .baseUnit("bytes")
            .register(registry);
    sessionPackets =
        MultiGauge.builder("p2sgate.session.tunnel.packets")
            .description("Tunnelled packets of one session so far (admin.session-metrics)")
            .register(registry);
    sessionStart =
        MultiGauge.builder("p2sgate.session.start.time")
            .description("When the session was admitted, Unix time (admin.session-metrics)")
            .baseUnit("seconds")
            .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  private void traffic(
      String direction,
      TrafficCounters traffic,
      java.util.function.ToDoubleFunction<TrafficCounters> bytes,
      java.util.function.ToDoubleFunction<TrafficCounters> packets) {
    FunctionCounter.builder("p2sgate.tunnel", traffic, bytes)
        .description("Tunnelled IP traffic (in: from clients)")
        .baseUnit("bytes")
        .tag("direction", direction)
        .register(registry);
    FunctionCounter.builder("p2sgate.tunnel.packets", traffic, packets)
        .description("Tunnelled IP packets (in: from clients)")
        .tag("direction", direction)
        .register(registry);
  }

  /** The TUN device's own counters, once it is open. */
  public void tun(org.p2sgate.tun.TunDevice tun) {
    FunctionCounter.builder("p2sgate.tun.dropped", tun, org.p2sgate.tun.TunDevice::droppedPackets)
        .description("Packets the TUN device dropped: too long to read, or refused by the kernel")
        .register(registry);
    FunctionCounter.builder(
            "p2sgate.tun.queue.overflows", tun, org.p2sgate.tun.TunDevice::queueOverflows)
        .description(
            "Packets for clients the kernel dropped before the gateway read them from the TUN"
                + " device (its queue was full: the data path fell behind; see txqueuelen)")
        .register(registry);
    FunctionCounter.builder("p2sgate.tun.gso.writes", tun, org.p2sgate.tun.TunDevice::gsoWrites)
        .description("Writes to the TUN device that carried several TCP segments as one packet")
        .register(registry);
    FunctionCounter.builder("p2sgate.tun.gso.segments", tun, org.p2sgate.tun.TunDevice::gsoSegments)
        .description("TCP segments written to the TUN device inside such writes")
        .register(registry);
  }

  @Override
  public void handshake(Handshake result, long millis) {
    counter("p2sgate.handshakes", "Key exchanges, by result", "result", lower(result.name()))
        .increment();
    if (result == Handshake.OK) {
      handshakeTimer.record(millis, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void login(String method, Login result, long millis) {
    counter(
            "p2sgate.logins",
            "Logins, by method and result",
            "method",
            method,
            "result",
            lower(result.name()))
        .increment();
    loginTimers
        .computeIfAbsent(
            method,
            m ->
                Timer.builder("p2sgate.login.duration")
                    .description("From the credentials to the answer, by method")
                    .tag("method", m)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry))
        .record(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void request(String backend, String server, String outcome, long millis) {
    counter(
            "p2sgate.auth.requests",
            "Requests to authentication back ends, by server and outcome",
            "backend",
            backend,
            "server",
            server,
            "outcome",
            outcome)
        .increment();
    backendTimers
        .computeIfAbsent(
            backend,
            b ->
                Timer.builder("p2sgate.auth.request.duration")
                    .description("Requests to authentication back ends")
                    .tag("backend", b)
                    .serviceLevelObjectives(BUCKETS)
                    .register(registry))
        .record(millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void routesPushed(String how) {
    counters
        .computeIfAbsent(
            "route-push " + how,
            k ->
                Counter.builder("p2sgate.route.pushes")
                    .description("Changed learned routes sent to a client, by how")
                    .tag("how", how)
                    .register(registry))
        .increment();
  }

  /**
   * Registers a gauge of the sessions each data-path thread owns ({@code thread} 0 to {@code
   * threads - 1}), read as {@code sessionsOf.applyAsInt(thread)}: how evenly the kernel and Netty
   * spread the clients.
   */
  public void dataPath(int threads, java.util.function.IntUnaryOperator sessionsOf) {
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Gauge.builder("p2sgate.data.path.sessions", () -> sessionsOf.applyAsInt(thread))
          .description("Sessions, logged in or not, owned by each data-path thread")
          .tag("thread", String.valueOf(thread))
          .register(registry);
    }
  }

  /** Registers the gauge of learned routes pushed now. */
  public void learnedRoutes(IntSupplier count) {
    Gauge.builder("p2sgate.routes.learned", count::getAsInt)
        .description("Routes learned from the kernel table (routes.from-kernel) pushed to clients")
        .register(registry);
  }

  @Override
  public void renegotiated() {
    renegotiations.increment();
  }

  @Override
  public void sessions(String transport, String method, int delta) {
    sessions
        .computeIfAbsent(
            List.of(transport, method),
            k -> {
              AtomicInteger n = new AtomicInteger();
              Gauge.builder("p2sgate.sessions", n, AtomicInteger::get)
                  .description("Admitted sessions, by transport and login method")
                  .tag("transport", transport)
                  .tag("method", method)
                  .register(registry);
              return n;
            })
        .addAndGet(delta);
  }

  /**
   * Creates the login series {@code policy} will produce at zero, so that the first login after a
   * start shows in {@code rate()} and {@code increase()} (Prometheus cannot count the first sample
   * of a series that appears already at 1): accepted by the policy, refused or unanswered by each
   * of its methods.
   */
  public void expectLogins(String policy) {
    login(policy, "accepted");
    for (String method : policy.split("[^A-Za-z0-9-]+")) {
      if (!method.isEmpty()) {
        login(method, "rejected");
        login(method, "unavailable");
      }
    }
  }

  private void login(String method, String result) {
    counter("p2sgate.logins", "Logins, by method and result", "method", method, "result", result);
  }

  private Counter counter(String name, String description, String... tags) {
    return counters.computeIfAbsent(
        name + "|" + String.join("|", tags),
        k -> Counter.builder(name).description(description).tags(tags).register(registry));
  }

  private static String lower(String s) {
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Replaces the per-session series ({@code admin.session-metrics}) with those of {@code now}: per
   * session id, user and tunnel address, {@code p2sgate_session_tunnel_bytes{direction}}, {@code
   * p2sgate_session_tunnel_packets{direction}} and {@code p2sgate_session_start_time_seconds}.
   * Sessions that ended lose their series.
   */
  public void sessions(List<SessionInfo> now) {
    List<MultiGauge.Row<?>> bytes = new java.util.ArrayList<>();
    List<MultiGauge.Row<?>> packets = new java.util.ArrayList<>();
    List<MultiGauge.Row<?>> since = new java.util.ArrayList<>();
    for (SessionInfo s : now) {
      Tags who =
          Tags.of(
              "session", s.id(), "user", s.user(), "address", String.valueOf(s.tunnelAddress()));
      bytes.add(MultiGauge.Row.of(who.and("direction", "in"), s.bytesIn()));
      bytes.add(MultiGauge.Row.of(who.and("direction", "out"), s.bytesOut()));
      packets.add(MultiGauge.Row.of(who.and("direction", "in"), s.packetsIn()));
      packets.add(MultiGauge.Row.of(who.and("direction", "out"), s.packetsOut()));
      since.add(MultiGauge.Row.of(who, s.connectedSinceMs() / 1000.0));
    }
    sessionBytes.register(bytes, true);
    sessionPackets.register(packets, true);
    sessionStart.register(since, true);
  }

  /** The Prometheus text exposition of every series. */
  public String scrape() {
    return registry.scrape();
  }

  /** Prometheus' text format content type. */
  public static String contentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }
}
