package org.p2sgate.bench.dataplane;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.ippool.IpPool;
import org.p2sgate.core.session.Completion;
import org.p2sgate.core.session.GatewayContext;
import org.p2sgate.core.session.SessionManager;
import org.p2sgate.core.testing.RecordingOutbox;
import org.p2sgate.core.testing.TestClientConfig;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * A gateway with {@code n} established sessions, built as gateway-core's unit tests build one
 * ({@link TestGateway}: test PKI, {@code GatewayServer}'s context with a seeded random, no control
 * wrap) and logged into over the pure API by {@link TestOpenVpnClient}s: full TLS 1.3 handshakes,
 * key method 2, certificate login, PUSH_REPLY, data keys. Only the data-channel cipher is
 * configured ({@code data-ciphers} of the gateway = that one cipher).
 *
 * <p>Three departures from {@link TestGateway}, all for thousands of sessions. The pool is a /16
 * (the fixture's is the /24 of the interop tests), which takes a copy of its {@link ServerConfig}
 * and a {@link GatewayContext} around the same parts. Every client presents the same certificate
 * (each with its own seed, so its own session id and key material), with {@code duplicate-cn} on:
 * making 10,000 certificates took 11 of the 81 s that 10,000 handshakes took; admission is the only
 * code that looks at the common name, not the data path. And the handshakes are pumped here, a
 * batch of clients at a time, instead of by {@link TestGateway#exchange}, which visits every client
 * on every round. Each client has its own source address, at most {@value #PER_NETWORK} per /24,
 * and test time jumps past the cookie window every {@value #PER_WINDOW} sessions, so the stateless
 * cookie's rate limits never apply. Time never reaches a keepalive timeout: the gateway's timers
 * ({@code onTick}) are not run at all.
 */
final class InMemoryGateway {
  private static final int BATCH = 64;
  private static final int PER_NETWORK = 50;
  private static final int PER_WINDOW = 4_000;
  private static final long COOKIE_WINDOW_MS = 10_001;
  private static final long IDLE_STEP_MS = 100;

  final GatewayContext ctx;
  final SessionManager sessions;
  final TestOpenVpnClient[] clients;
  final TestPeer[] peers;

  /** Each client's tunnel address (pushed {@code ifconfig}), as a big-endian int. */
  final int[] tunnelAddress;

  /** Test time after the last handshake: the {@code now} to feed packets with. */
  final long now;

  /** Wall-clock time the handshakes took. */
  final long setupMillis;

  private InMemoryGateway(
      GatewayContext ctx,
      SessionManager sessions,
      TestOpenVpnClient[] clients,
      TestPeer[] peers,
      int[] tunnelAddress,
      long now,
      long setupMillis) {
    this.ctx = ctx;
    this.sessions = sessions;
    this.clients = clients;
    this.peers = peers;
    this.tunnelAddress = tunnelAddress;
    this.now = now;
    this.setupMillis = setupMillis;
  }

  /** The group fact every login of {@link #establish(String, int, AccessPolicy)} carries. */
  static final String BENCH_GROUP = "radius-class:bench";

  private static org.p2sgate.auth.Authenticator withGroup(org.p2sgate.auth.Authenticator a) {
    return (credentials, context) ->
        a.authenticate(credentials, context)
            .thenApply(
                r ->
                    r instanceof org.p2sgate.auth.AuthResult.Accepted ok
                        ? new org.p2sgate.auth.AuthResult.Accepted(
                            ok.identity(), ok.attributes(), java.util.Set.of(BENCH_GROUP))
                        : r);
  }

  /** A gateway offering only {@code cipher}, with {@code n} clients connected. */
  static InMemoryGateway establish(String cipher, int n) {
    return establish(cipher, n, org.p2sgate.core.config.AccessPolicy.OPEN);
  }

  /**
   * As {@link #establish(String, int)}, under {@code access}; every login carries the group fact
   * {@value #BENCH_GROUP}.
   */
  static InMemoryGateway establish(
      String cipher, int n, org.p2sgate.core.config.AccessPolicy access) {
    long t0 = System.nanoTime();
    TestGateway fixtures =
        TestGateway.builder()
            .ciphers(List.of(cipher))
            .maxClients(n + 16)
            .pendingLimits(Math.max(1024, 2 * BATCH), 32)
            .build();
    ServerConfig config =
        copy(
            fixtures.config,
            Map.of(
                "poolNetwork",
                TestGateway.ip("10.8.0.0"),
                "poolPrefix",
                16,
                "duplicateCn",
                true,
                "access",
                access));
    GatewayContext base = fixtures.ctx;
    GatewayContext ctx =
        new GatewayContext(
            config,
            base.wrap(),
            base.credentials(),
            base.verifier(),
            new IpPool(config.poolNetwork(), config.poolPrefix()),
            base.drops(),
            base.random(),
            withGroup(base.authenticator()),
            base.listener(),
            base.tokens(),
            base.telemetry(),
            base.traffic());
    SessionManager sessions = new SessionManager(ctx);
    java.util.ArrayDeque<Completion> finished = new java.util.ArrayDeque<>();
    sessions.onCompletion(finished::add); // logins here finish at once, on this thread
    TestOpenVpnClient[] clients = new TestOpenVpnClient[n];
    TestPeer[] peers = new TestPeer[n];
    int[] address = new int[n];
    RecordingOutbox out = new RecordingOutbox();
    long now = fixtures.now();
    TestClientConfig client = fixtures.clientConfig("client");
    int inWindow = 0;
    for (int start = 0; start < n; start += BATCH) {
      int end = Math.min(n, start + BATCH);
      if (inWindow + (end - start) > PER_WINDOW) {
        now += COOKIE_WINDOW_MS; // the cookie's global limit counts per window
        inWindow = 0;
      }
      inWindow += end - start;
      for (int i = start; i < end; i++) {
        peers[i] = TestPeer.udp(sourceAddress(i), 40_000 + i % 20_000);
        clients[i] = new TestOpenVpnClient(client.withSeed(i), now).start(now);
      }
      now = pump(sessions, finished, out, clients, peers, start, end, now);
      for (int i = start; i < end; i++) {
        address[i] = tunnelAddress(clients[i], cipher);
      }
    }
    if (sessions.sessionCount() != n || !ctx.drops().snapshot().isEmpty()) {
      throw new IllegalStateException(
          sessions.sessionCount() + " sessions of " + n + ", drops " + ctx.drops().snapshot());
    }
    return new InMemoryGateway(
        ctx, sessions, clients, peers, address, now, (System.nanoTime() - t0) / 1_000_000);
  }

  /** Moves packets between the gateway and clients {@code [start, end)} until all are connected. */
  private static long pump(
      SessionManager sessions,
      java.util.Queue<Completion> finished,
      RecordingOutbox out,
      TestOpenVpnClient[] clients,
      TestPeer[] peers,
      int start,
      int end,
      long now) {
    long deadline = now + 30_000;
    while (true) {
      boolean moved = false;
      boolean allUp = true;
      for (int i = start; i < end; i++) {
        for (byte[] p : clients[i].poll(now)) {
          moved = true;
          sessions.onPacket(peers[i], p, 0, p.length, now, out);
        }
      }
      for (Completion done; (done = finished.poll()) != null; ) {
        moved = true;
        sessions.complete(done, now, out);
      }
      for (int i = start; i < end; i++) {
        for (byte[] p : out.takeFor(peers[i])) {
          moved = true;
          clients[i].onPacket(p, now);
        }
        allUp &= clients[i].isConnected();
      }
      if (allUp) {
        return now;
      }
      if (!moved) {
        now += IDLE_STEP_MS;
        if (now > deadline) {
          List<String> stuck = new ArrayList<>();
          for (int i = start; i < end && stuck.size() < 3; i++) {
            if (!clients[i].isConnected()) {
              stuck.add(clients[i].toString());
            }
          }
          throw new IllegalStateException("handshakes stuck: " + stuck);
        }
      }
    }
  }

  /** 100.64.0.0/10 (shared address space), {@value #PER_NETWORK} clients per /24. */
  private static String sourceAddress(int i) {
    int net = i / PER_NETWORK;
    return "100." + (64 + net / 256) + "." + (net % 256) + "." + (1 + i % PER_NETWORK);
  }

  /** The pushed {@code ifconfig} address; checks the pushed cipher and peer-id. */
  private static int tunnelAddress(TestOpenVpnClient c, String cipher) {
    List<String> options = c.pushOptions();
    if (!options.contains("cipher " + cipher)
        || options.stream().noneMatch(o -> o.startsWith("peer-id "))) {
      throw new IllegalStateException("unexpected push for " + cipher + ": " + options);
    }
    for (String o : options) {
      if (o.startsWith("ifconfig ")) {
        return Ipv4Udp.parse(o.split(" ")[1]);
      }
    }
    throw new IllegalStateException("no ifconfig pushed: " + options);
  }

  /** A copy of record {@code r} with the named components replaced. */
  private static <R extends Record> R copy(R r, Map<String, Object> changes) {
    try {
      RecordComponent[] components = r.getClass().getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      Object[] values = new Object[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        String name = components[i].getName();
        values[i] =
            changes.containsKey(name) ? changes.get(name) : components[i].getAccessor().invoke(r);
      }
      if (!List.of(components).stream()
          .map(RecordComponent::getName)
          .toList()
          .containsAll(changes.keySet())) {
        throw new IllegalArgumentException("no such component in " + changes.keySet());
      }
      @SuppressWarnings("unchecked")
      Constructor<R> canonical = (Constructor<R>) r.getClass().getDeclaredConstructor(types);
      return canonical.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot copy " + r.getClass().getSimpleName(), e);
    }
  }
}
