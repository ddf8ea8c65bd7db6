package org.p2sgate.auth.radius;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.packets.AccessAccept;
import org.aaa4j.radius.core.packet.packets.AccessReject;
import org.aaa4j.radius.core.packet.packets.AccountingResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Credentials;

/**
 * RFC 2865 section 3: a client silently discards a response whose authenticator does not check, and
 * keeps waiting. A fake server on loopback answers each request first with stray or bad datagrams
 * and then (or never) with the genuine reply. The strays that would be taken for an answer are
 * well-formed, correctly signed Access-Rejects, so a client that read them would report a
 * rejection; the others are ones a decoder refuses, so a client that gave up on them would report
 * no answer at once, without its retry.
 */
class RadiusStrayDatagramTest {
  private static final String SECRET_TEXT = "stray-secret";
  private static final byte[] SECRET = SECRET_TEXT.getBytes(StandardCharsets.UTF_8);
  private static final AuthContext CONTEXT =
      new AuthContext(new InetSocketAddress("198.51.100.9", 1194), "s", Map.of());

  /** What arrives on the client's port before (or instead of) the genuine reply. */
  enum Stray {
    /** A correctly signed Access-Reject, but from another local socket (another port). */
    OTHER_PORT,
    /** A correctly signed Access-Reject for another identifier, from the server. */
    WRONG_IDENTIFIER,
    /** An Access-Reject signed with another secret: its Response Authenticator does not check. */
    BAD_AUTHENTICATOR,
    /** A valid Response Authenticator over a forged Message-Authenticator. */
    BAD_MESSAGE_AUTHENTICATOR,
    /** Random bytes with the request's identifier, and an empty datagram. */
    GARBAGE
  }

  private final PacketCodec codec = new PacketCodec(new StandardDictionary());
  private final List<FakeServer> servers = new ArrayList<>();
  private ExecutorService executor;

  @BeforeEach
  void setUp() {
    executor = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (FakeServer s : servers) {
      s.close();
    }
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
  }

  @ParameterizedTest
  @EnumSource(Stray.class)
  void strayThenGenuineAcceptIsAccepted(Stray stray) throws Exception {
    FakeServer server = server(EnumSet.of(stray), true, false);
    Duration timeout = Duration.ofSeconds(2);
    long t0 = System.nanoTime();
    AuthResult r = authenticate(config(server, null, timeout, 1));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    var a = assertInstanceOf(AuthResult.Accepted.class, r, () -> stray + ": " + r);
    assertEquals("genuine", a.attributes().get("Reply-Message"));
    // taken within the first try: no retransmission was needed
    assertEquals(1, server.requests.size());
    assertTrue(ms < timeout.toMillis(), "took " + ms + " ms");
  }

  @Test
  void everyStrayThenGenuineAcceptIsAccepted() throws Exception {
    FakeServer server = server(EnumSet.allOf(Stray.class), true, false);
    Duration timeout = Duration.ofSeconds(2);
    long t0 = System.nanoTime();
    AuthResult r = authenticate(config(server, null, timeout, 1));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    var a = assertInstanceOf(AuthResult.Accepted.class, r, r::toString);
    assertEquals("genuine", a.attributes().get("Reply-Message"));
    assertEquals(1, server.requests.size());
    assertTrue(ms < timeout.toMillis(), "took " + ms + " ms");
  }

  @ParameterizedTest
  @EnumSource(Stray.class)
  void onlyStraysIsTheTimeoutOutcomeAfterEveryTry(Stray stray) throws Exception {
    FakeServer server = server(EnumSet.of(stray), false, false);
    Duration timeout = Duration.ofMillis(300);
    long t0 = System.nanoTime();
    AuthResult r = authenticate(config(server, null, timeout, 1));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    var u = assertInstanceOf(AuthResult.Unavailable.class, r, () -> stray + ": " + r);
    assertTrue(u.cause().contains("127.0.0.1:" + server.port()), u.cause());
    // the strays did not end the exchange: both tries were made and each waited its timeout
    assertEquals(2, server.requests.size(), u.cause());
    assertTrue(ms >= 2 * timeout.toMillis() - 20, "took " + ms + " ms");
    assertTrue(ms < 2 * timeout.toMillis() + 2_000, "took " + ms + " ms");
    // a retransmission is the same request (RFC 5080 2.2.1): a late reply to either counts
    assertEquals(identifier(server.requests.get(0)), identifier(server.requests.get(1)));
  }

  @Test
  void aFloodOfStraysDoesNotStretchTheTimeout() throws Exception {
    FakeServer server = server(EnumSet.allOf(Stray.class), false, true);
    Duration timeout = Duration.ofMillis(300);
    long t0 = System.nanoTime();
    AuthResult r = authenticate(config(server, null, timeout, 1));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertInstanceOf(AuthResult.Unavailable.class, r, r::toString);
    assertEquals(2, server.requests.size());
    assertTrue(ms >= 2 * timeout.toMillis() - 20, "took " + ms + " ms");
    assertTrue(ms < 2 * timeout.toMillis() + 2_000, "took " + ms + " ms");
  }

  @Test
  void aPrimaryThatSendsOnlyStraysFailsOverToTheSecondary() throws Exception {
    FakeServer primary = server(EnumSet.allOf(Stray.class), false, false);
    FakeServer secondary = server(EnumSet.noneOf(Stray.class), true, false);
    AuthResult r = authenticate(config(primary, secondary, Duration.ofMillis(300), 1));
    var a = assertInstanceOf(AuthResult.Accepted.class, r, r::toString);
    assertEquals("genuine", a.attributes().get("Reply-Message"));
    assertEquals(2, primary.requests.size());
    assertEquals(1, secondary.requests.size());
  }

  /** Every exchange with a server is reported (metrics): the failing primary, then the answer. */
  @Test
  void theObserverHearsOfEveryServerAsked() throws Exception {
    FakeServer primary = server(EnumSet.noneOf(Stray.class), false, false);
    FakeServer secondary = server(EnumSet.noneOf(Stray.class), true, false);
    List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    RadiusConfig config = config(primary, secondary, Duration.ofMillis(200), 0);
    try (var auth =
        new RadiusAuthenticator(
            config,
            executor,
            (backend, server, outcome, millis) ->
                heard.add(
                    backend
                        + " "
                        + server.equals("127.0.0.1:" + primary.port())
                        + " "
                        + outcome))) {
      AuthResult r =
          auth.authenticate(new Credentials(List.of(), "alice", "pw"), CONTEXT)
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertInstanceOf(AuthResult.Accepted.class, r, r::toString);
    }
    assertEquals(List.of("radius true timeout", "radius false access_accept"), heard);
  }

  @Test
  void accountingIgnoresStraysToo() throws Exception {
    FakeServer server = server(EnumSet.allOf(Stray.class), true, false);
    RadiusConfig config = config(server, null, Duration.ofSeconds(2), 1);
    var session =
        new RadiusAccounting.Session(
            "acct-1", "bob", CONTEXT.source(), Optional.empty(), Optional.empty());
    try (var accounting = new RadiusAccounting(config, executor)) {
      assertTrue(accounting.start(session).toCompletableFuture().get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, server.requests.size());
    assertEquals(4, server.requests.getFirst().getCode());
  }

  private FakeServer server(EnumSet<Stray> strays, boolean genuine, boolean flood)
      throws SocketException {
    FakeServer s = new FakeServer(strays, genuine, flood);
    servers.add(s);
    return s;
  }

  private static RadiusConfig config(
      FakeServer first, FakeServer second, Duration timeout, int retries) {
    return new RadiusConfig(
        serverConfig(first, timeout, retries),
        Optional.ofNullable(second).map(s -> serverConfig(s, timeout, retries)),
        "nas-stray",
        Optional.empty(),
        RadiusConfig.AuthMethod.PAP,
        RadiusConfig.StaticChallengeMode.CONCATENATE,
        true,
        Duration.ofMinutes(5));
  }

  private static RadiusServerConfig serverConfig(FakeServer s, Duration timeout, int retries) {
    return new RadiusServerConfig("127.0.0.1", s.port(), s.port(), SECRET_TEXT, timeout, retries);
  }

  private AuthResult authenticate(RadiusConfig config) throws Exception {
    try (var a = new RadiusAuthenticator(config, executor)) {
      return a.authenticate(new Credentials(List.of(), "bob", "pw"), CONTEXT)
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    }
  }

  private static int identifier(Packet request) {
    return request.getReceivedFields().getIdentifier();
  }

  /** A RADIUS server on loopback scripted to send strays, then the genuine reply if asked to. */
  private final class FakeServer implements AutoCloseable {
    final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    final DatagramSocket other = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    final List<Packet> requests = new CopyOnWriteArrayList<>();
    private final EnumSet<Stray> strays;
    private final boolean genuine;
    private final boolean flood;
    private final Random random = new Random(2865);
    private final Thread thread;
    private volatile Thread flooder;

    FakeServer(EnumSet<Stray> strays, boolean genuine, boolean flood) throws SocketException {
      this.strays = strays;
      this.genuine = genuine;
      this.flood = flood;
      this.thread = Thread.ofPlatform().daemon().name("fake-radius").start(this::serve);
    }

    int port() {
      return socket.getLocalPort();
    }

    private void serve() {
      byte[] buf = new byte[4096];
      try {
        while (true) {
          DatagramPacket in = new DatagramPacket(buf, buf.length);
          socket.receive(in);
          Packet req = codec.decodeRequest(Arrays.copyOf(buf, in.getLength()), SECRET);
          requests.add(req);
          SocketAddress client = in.getSocketAddress();
          for (Stray s : strays) {
            sendStray(s, req, client);
          }
          if (flood && flooder == null) {
            flooder = Thread.ofPlatform().daemon().start(() -> flood(req, client));
          }
          if (genuine) {
            Thread.sleep(20); // lets the strays (one from another socket) arrive first
            send(socket, genuineReply(req), client);
          }
        }
      } catch (Exception e) {
        // the socket was closed by close(); anything else shows in the test's assertions
      }
    }

    private void flood(Packet req, SocketAddress client) {
      try {
        while (!socket.isClosed()) {
          for (Stray s : strays) {
            sendStray(s, req, client);
          }
          Thread.sleep(10);
        }
      } catch (Exception e) {
        // closed
      }
    }

    private void sendStray(Stray stray, Packet req, SocketAddress client) throws Exception {
      int id = identifier(req);
      switch (stray) {
        case OTHER_PORT -> send(other, reject(req, id, SECRET), client);
        case WRONG_IDENTIFIER -> send(socket, reject(req, (id + 1) & 0xff, SECRET), client);
        case BAD_AUTHENTICATOR ->
            send(
                socket, reject(req, id, "not-the-secret".getBytes(StandardCharsets.UTF_8)), client);
        case BAD_MESSAGE_AUTHENTICATOR -> send(socket, forgedMessageAuthenticator(req), client);
        case GARBAGE -> {
          byte[] junk = new byte[1 + random.nextInt(100)];
          random.nextBytes(junk);
          if (junk.length > 1) {
            junk[1] = (byte) id;
          }
          send(socket, junk, client);
          send(socket, new byte[0], client);
        }
      }
    }

    private byte[] genuineReply(Packet req) throws Exception {
      var rf = req.getReceivedFields();
      Packet reply =
          req.getCode() == 4
              ? new AccountingResponse(List.of())
              : new AccessAccept(
                  List.<Attribute<?>>of(
                      new MessageAuthenticator(new StringData(new byte[16])),
                      new ReplyMessage(new TextData("genuine"))));
      return codec.encodeResponse(reply, SECRET, rf.getIdentifier(), rf.getAuthenticator());
    }

    private byte[] reject(Packet req, int id, byte[] secret) throws Exception {
      Packet reject =
          new AccessReject(
              List.<Attribute<?>>of(
                  new MessageAuthenticator(new StringData(new byte[16])),
                  new ReplyMessage(new TextData("stray"))));
      return codec.encodeResponse(reject, secret, id, req.getReceivedFields().getAuthenticator());
    }

    /** The Message-Authenticator (first attribute) altered, the Response Authenticator redone. */
    private byte[] forgedMessageAuthenticator(Packet req) throws Exception {
      byte[] out = reject(req, identifier(req), SECRET);
      out[22] ^= 1;
      System.arraycopy(req.getReceivedFields().getAuthenticator(), 0, out, 4, 16);
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(out);
      md5.update(SECRET);
      System.arraycopy(md5.digest(), 0, out, 4, 16);
      return out;
    }

    private static void send(DatagramSocket from, byte[] data, SocketAddress to) throws Exception {
      from.send(new DatagramPacket(data, data.length, to));
    }

    @Override
    public void close() throws InterruptedException {
      socket.close();
      other.close();
      thread.join(2_000);
      Thread f = flooder;
      if (f != null) {
        f.join(2_000);
      }
    }
  }
}
