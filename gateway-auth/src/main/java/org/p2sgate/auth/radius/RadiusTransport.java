package org.p2sgate.auth.radius;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.dictionary.dictionaries.StandardDictionary;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.PacketCodec;
import org.aaa4j.radius.core.packet.PacketCodecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request to the configured servers in order, blocking, and returns the first valid
 * response.
 *
 * <p>The UDP exchange is our own; aaa4j's codec encodes and checks the packets. aaa4j 0.4.0's
 * {@code UdpRadiusClient} was not usable: it receives on an unconnected socket and hands the first
 * datagram from any address to the decoder; when that one does not decode (a wrong Response
 * Authenticator or Message-Authenticator, garbage) it ends the whole exchange with an exception,
 * without waiting for the real reply or retrying, and it never compares the identifier, so a
 * datagram from another port or for another request was taken as the answer. RFC 2865 section 3 and
 * RFC 5080 section 2.2.2 want such responses silently discarded. Here the socket is connected to
 * the server, so the kernel drops datagrams from any other address or port, and a response with
 * another identifier, a Response Authenticator or Message-Authenticator that does not check, or
 * that does not parse is discarded while the attempt's timeout runs on; each attempt resends the
 * same packet (same identifier and authenticator, RFC 5080 2.2.1), so a late answer to an earlier
 * attempt counts.
 *
 * <p>aaa4j computes a Message-Authenticator when the request carries a 16-byte placeholder, and
 * verifies one when the response carries it, but it accepts a response without one. This class puts
 * the placeholder first in every request and discards every Access-Accept, -Reject or -Challenge
 * without a Message-Authenticator, so a forged Access-Accept (BlastRADIUS) never counts.
 * Accounting-Response is not an attack target and servers (FreeRADIUS 3.2) omit the attribute
 * there, so only its Response Authenticator is required.
 *
 * <p>The shared secrets are copied into arrays this class owns and zeroed by {@link #close()}.
 */
final class RadiusTransport {
  private static final Logger LOG = LoggerFactory.getLogger(RadiusTransport.class);
  private static final int MAX_PACKET = 4096;
  private static final int HEADER = 20;
  private static final int MESSAGE_AUTHENTICATOR = 80;

  /** The answer of one exchange: a verified response, or why there is none. */
  sealed interface Outcome {
    record Response(Packet packet, String server) implements Outcome {}

    record NoResponse(String cause) implements Outcome {}
  }

  private record Target(
      String name, InetSocketAddress address, byte[] secret, Duration timeout, int attempts) {}

  private final List<Target> auth = new ArrayList<>();
  private final List<Target> accounting = new ArrayList<>();
  private final List<byte[]> secrets = new ArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private final PacketCodec codec =
      new PacketCodec(new StandardDictionary(), random::nextBytes, () -> random.nextInt(256));

  /** Exchanges hold the read lock; close takes the write lock, so it waits for them. */
  private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();

  private boolean closed;

  private final org.p2sgate.auth.BackendObserver observer;
  private final String auditName;

  RadiusTransport(List<RadiusServerConfig> servers) {
    this(servers, org.p2sgate.auth.BackendObserver.NONE, "radius");
  }

  /**
   * @param observer hears of every exchange with a server, as {@code backend}
   */
  RadiusTransport(
      List<RadiusServerConfig> servers, org.p2sgate.auth.BackendObserver observer, String backend) {
    this.observer = observer;
    this.auditName = backend;
    for (RadiusServerConfig s : servers) {
      byte[] secret = s.secret().getBytes(StandardCharsets.UTF_8);
      secrets.add(secret);
      int attempts = s.retries() + 1;
      auth.add(
          new Target(name(s.host(), s.port()), s.authAddress(), secret, s.timeout(), attempts));
      accounting.add(
          new Target(
              name(s.host(), s.accountingPort()),
              s.accountingAddress(),
              secret,
              s.timeout(),
              attempts));
    }
  }

  /** RFC 2865/2866 codes by name, for metrics. */
  static String codeName(int code) {
    return switch (code) {
      case 2 -> "access_accept";
      case 3 -> "access_reject";
      case 5 -> "accounting_response";
      case 11 -> "access_challenge";
      default -> "code_" + code;
    };
  }

  private static String name(String host, int port) {
    return host + ":" + port;
  }

  /** Prepends the Message-Authenticator placeholder that aaa4j fills in while encoding. */
  static List<Attribute<?>> withMessageAuthenticator(List<Attribute<?>> attributes) {
    List<Attribute<?>> all = new ArrayList<>(attributes.size() + 1);
    all.add(new MessageAuthenticator(new StringData(new byte[16])));
    all.addAll(attributes);
    return all;
  }

  Outcome sendAuth(Packet request) {
    return send(auth, request, true);
  }

  Outcome sendAccounting(Packet request) {
    return send(accounting, request, false);
  }

  private Outcome send(List<Target> targets, Packet request, boolean requireMa) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        return new Outcome.NoResponse("radius client closed");
      }
      List<String> causes = new ArrayList<>();
      for (Target t : targets) {
        long started = System.nanoTime();
        String outcome = "error";
        try {
          Packet response = exchange(t, request, requireMa, causes);
          if (response != null) {
            outcome = codeName(response.getCode());
            return new Outcome.Response(response, t.name());
          }
          outcome = "timeout";
        } catch (PacketCodecException | IOException e) {
          LOG.warn("radius: exchange with {} failed: {}", t.name(), e.toString());
          causes.add(t.name() + ": " + e);
        } catch (RuntimeException e) {
          LOG.warn("radius: exchange with {} failed", t.name(), e);
          causes.add(t.name() + ": " + e);
        } finally {
          observer.request(auditName, t.name(), outcome, (System.nanoTime() - started) / 1_000_000);
        }
      }
      return new Outcome.NoResponse(String.join("; ", causes));
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /**
   * One server: sends the request up to {@code attempts} times and returns the first response that
   * checks, or {@code null} (with the reason added to {@code causes}) when every attempt timed out.
   */
  private Packet exchange(Target t, Packet request, boolean requireMa, List<String> causes)
      throws PacketCodecException, IOException {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce); // an Access-Request's Request Authenticator (RFC 2865 3)
    byte[] out = codec.encodeRequest(request, t.secret(), nonce);
    // the authenticator as sent (an Accounting-Request's is computed over the packet)
    byte[] requestAuthenticator = Arrays.copyOfRange(out, 4, HEADER);
    int identifier = out[1] & 0xff;
    byte[] in = new byte[MAX_PACKET];
    Set<String> discarded = new LinkedHashSet<>();
    try (DatagramChannel channel = DatagramChannel.open()) {
      channel.connect(t.address()); // the kernel now drops datagrams from any other source
      DatagramSocket socket = channel.socket(); // its receive() honours SO_TIMEOUT
      for (int attempt = 0; attempt < t.attempts(); attempt++) {
        transmit(channel, out);
        long deadline = System.nanoTime() + t.timeout().toNanos();
        while (true) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, ceilMillis(left))));
          DatagramPacket datagram = new DatagramPacket(in, in.length);
          try {
            socket.receive(datagram);
          } catch (SocketTimeoutException e) {
            break;
          } catch (PortUnreachableException e) {
            // ICMP is unauthenticated: note it, but wait out the attempt as for silence
            discarded.add("port unreachable");
            continue;
          }
          byte[] data = Arrays.copyOf(in, datagram.getLength());
          String why = check(data, identifier);
          Packet response = null;
          if (why == null) {
            try {
              response = codec.decodeResponse(data, t.secret(), requestAuthenticator);
              if (requireMa && !hasMessageAuthenticator(response)) {
                why = "response without Message-Authenticator";
                response = null;
              }
            } catch (PacketCodecException | RuntimeException e) {
              why = e.getMessage();
            }
          }
          if (response != null) {
            return response;
          }
          LOG.debug("radius: discarded a datagram from {}: {}", t.name(), why);
          if (discarded.size() < 8) {
            discarded.add(String.valueOf(why));
          }
        }
      }
    } finally {
      Arrays.fill(out, (byte) 0); // holds the hidden User-Password
    }
    String cause =
        t.name()
            + ": no valid response in "
            + t.attempts()
            + " attempt(s) of "
            + t.timeout().toMillis()
            + " ms"
            + (discarded.isEmpty() ? "" : " (discarded: " + String.join("; ", discarded) + ")");
    LOG.warn("radius: {}", cause);
    causes.add(cause);
    return null;
  }

  /** Sends, once more if an earlier ICMP error was pending on the socket and failed the send. */
  private static void transmit(DatagramChannel channel, byte[] out) throws IOException {
    try {
      channel.write(ByteBuffer.wrap(out));
    } catch (PortUnreachableException e) {
      channel.write(ByteBuffer.wrap(out));
    }
  }

  /** The header checks the decoder leaves out: the length and the identifier. */
  private static String check(byte[] data, int identifier) {
    if (data.length < HEADER) {
      return "datagram of " + data.length + " bytes";
    }
    int id = data[1] & 0xff;
    if (id != identifier) {
      return "identifier " + id + " instead of " + identifier;
    }
    return null;
  }

  private static boolean hasMessageAuthenticator(Packet response) {
    return response.getAttributes().stream()
        .anyMatch(a -> a.getType().head() == MESSAGE_AUTHENTICATOR);
  }

  private static long ceilMillis(long nanos) {
    return (nanos + 999_999) / 1_000_000;
  }

  /** Waits for running exchanges, then zeroes the shared secrets. */
  void close() {
    lifecycle.writeLock().lock();
    try {
      closed = true;
      secrets.forEach(s -> Arrays.fill(s, (byte) 0));
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
