package org.p2sgate.auth.radius;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.attribute.attributes.ReplyMessage;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.packets.AccessAccept;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Credentials;

/**
 * BlastRADIUS: an Access-Accept without a valid Message-Authenticator never counts. A scripted UDP
 * server on loopback answers with aaa4j's own encoder, with or without the attribute.
 */
class RadiusMessageAuthenticatorTest {
  private static final byte[] SECRET = "unit-secret".getBytes(StandardCharsets.UTF_8);
  private final PacketCodec codec = new PacketCodec(new StandardDictionary());
  private final List<Packet> requests = new ArrayList<>();
  private DatagramSocket socket;
  private ExecutorService executor;
  private Thread serverThread;

  @BeforeEach
  void setUp() throws Exception {
    socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    executor = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterEach
  void tearDown() throws Exception {
    socket.close();
    if (serverThread != null) {
      serverThread.join(2000);
    }
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
  }

  /** Serves one request with the given response bytes (from the request's id and authenticator). */
  private void serveOnce(Function<Packet, byte[]> responder) {
    serverThread =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    byte[] buf = new byte[4096];
                    DatagramPacket in = new DatagramPacket(buf, buf.length);
                    socket.receive(in);
                    Packet req = codec.decodeRequest(Arrays.copyOf(buf, in.getLength()), SECRET);
                    requests.add(req);
                    byte[] out = responder.apply(req);
                    socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                  } catch (Exception e) {
                    // socket closed by tearDown, or a decode failure the assertions will reveal
                  }
                });
  }

  private byte[] accept(Packet req, boolean withMa, boolean tamperMa) {
    try {
      List<Attribute<?>> attrs = new ArrayList<>();
      if (withMa) {
        attrs.add(new MessageAuthenticator(new StringData(new byte[16])));
      }
      attrs.add(new ReplyMessage(new TextData("hi")));
      var rf = req.getReceivedFields();
      byte[] out =
          codec.encodeResponse(
              new AccessAccept(attrs), SECRET, rf.getIdentifier(), rf.getAuthenticator());
      if (tamperMa) {
        out[22] ^= 1; // first byte of the Message-Authenticator value
        System.arraycopy(rf.getAuthenticator(), 0, out, 4, 16);
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(out);
        md5.update(SECRET);
        System.arraycopy(md5.digest(), 0, out, 4, 16); // a valid Response Authenticator
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private AuthResult authenticate() throws Exception {
    var server =
        new RadiusServerConfig(
            "127.0.0.1", socket.getLocalPort(), 1813, "unit-secret", Duration.ofMillis(400), 0);
    var config =
        new RadiusConfig(
            server,
            Optional.empty(),
            "nas-1",
            Optional.of((Inet4Address) InetAddress.getByName("192.0.2.1")),
            RadiusConfig.AuthMethod.PAP,
            RadiusConfig.StaticChallengeMode.CONCATENATE,
            false,
            Duration.ofMinutes(5));
    var ctx = new AuthContext(new InetSocketAddress("198.51.100.9", 1194), "s", Map.of());
    try (var a = new RadiusAuthenticator(config, executor)) {
      var stage = a.authenticate(new Credentials(List.of(), "bob", "pw"), ctx);
      return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void acceptWithValidMessageAuthenticatorCounts() throws Exception {
    serveOnce(req -> accept(req, true, false));
    assertInstanceOf(AuthResult.Accepted.class, authenticate());
    Packet req = requests.getFirst();
    // Message-Authenticator first, verified by the decoder; NAS and calling-station filled in
    assertTrue(req.getAttributes().getFirst() instanceof MessageAuthenticator);
    String seen = describe(req);
    assertTrue(seen.contains("32=nas-1"), seen);
    assertTrue(seen.contains("4=192.0.2.1"), seen);
    assertTrue(seen.contains("31=198.51.100.9"), seen);
  }

  @Test
  void acceptWithoutMessageAuthenticatorIsDropped() throws Exception {
    serveOnce(req -> accept(req, false, false));
    var u = assertInstanceOf(AuthResult.Unavailable.class, authenticate());
    assertTrue(u.cause().contains("without Message-Authenticator"), u.cause());
  }

  @Test
  void acceptWithForgedMessageAuthenticatorIsDropped() throws Exception {
    serveOnce(req -> accept(req, true, true));
    var u = assertInstanceOf(AuthResult.Unavailable.class, authenticate());
    assertTrue(u.cause().contains("message authenticator"), u.cause());
  }

  @Test
  void authenticateReturnsBeforeTheServerAnswers() throws Exception {
    // nobody serves: the stage must be handed back at once, incomplete
    var server =
        new RadiusServerConfig(
            "127.0.0.1", socket.getLocalPort(), 1813, "unit-secret", Duration.ofMillis(300), 0);
    var config =
        new RadiusConfig(
            server,
            Optional.empty(),
            "nas-1",
            Optional.empty(),
            RadiusConfig.AuthMethod.PAP,
            RadiusConfig.StaticChallengeMode.CONCATENATE,
            false,
            Duration.ofMinutes(5));
    var ctx = new AuthContext(new InetSocketAddress("198.51.100.9", 1194), "s", Map.of());
    try (var a = new RadiusAuthenticator(config, executor)) {
      var f = a.authenticate(new Credentials(List.of(), "bob", "pw"), ctx).toCompletableFuture();
      assertFalse(f.isDone());
      assertInstanceOf(AuthResult.Unavailable.class, f.get(10, TimeUnit.SECONDS));
    }
  }

  private static String describe(Packet p) {
    StringBuilder sb = new StringBuilder();
    for (Attribute<?> a : p.getAttributes()) {
      sb.append(a.getType().head()).append('=');
      switch (a.getData()) {
        case TextData t -> sb.append(t.getValue());
        case org.aaa4j.radius.core.attribute.Ipv4AddrData ip ->
            sb.append(ip.getValue().getHostAddress());
        default -> sb.append('?');
      }
      sb.append(' ');
    }
    return sb.toString();
  }
}
