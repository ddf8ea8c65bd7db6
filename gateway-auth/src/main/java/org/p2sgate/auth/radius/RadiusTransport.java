package org.p2sgate.auth.radius;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.aaa4j.radius.client.IntervalRetransmissionStrategy;
import org.aaa4j.radius.client.RadiusClient;
import org.aaa4j.radius.client.RadiusClientException;
import org.aaa4j.radius.client.clients.UdpRadiusClient;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.attributes.MessageAuthenticator;
import org.aaa4j.radius.core.packet.Packet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request to the configured servers in order, blocking, and returns the first valid
 * response.
 *
 * <p>aaa4j computes a Message-Authenticator when the request carries a 16-byte placeholder, and
 * verifies one when the response carries it (the packet is refused otherwise), but it accepts a
 * response without one. This class puts the placeholder first in every request and drops every
 * Access-Accept, -Reject or -Challenge without a Message-Authenticator, so a forged Access-Accept
 * (BlastRADIUS) never counts. Accounting-Response is not an attack target and servers (FreeRADIUS
 * 3.2) omit the attribute there, so only its Response Authenticator (checked by aaa4j) is required.
 */
final class RadiusTransport {
  private static final Logger LOG = LoggerFactory.getLogger(RadiusTransport.class);

  /** The answer of one exchange: a verified response, or why there is none. */
  sealed interface Outcome {
    record Response(Packet packet, String server) implements Outcome {}

    record NoResponse(String cause) implements Outcome {}
  }

  private record Target(String name, RadiusClient client) {}

  private final List<Target> auth = new ArrayList<>();
  private final List<Target> accounting = new ArrayList<>();

  RadiusTransport(List<RadiusServerConfig> servers) {
    for (RadiusServerConfig s : servers) {
      IntervalRetransmissionStrategy retry =
          new IntervalRetransmissionStrategy(s.retries() + 1, s.timeout());
      byte[] secret = s.secret().getBytes(StandardCharsets.UTF_8);
      auth.add(new Target(name(s.host(), s.port()), build(s, secret, retry, false)));
      accounting.add(new Target(name(s.host(), s.accountingPort()), build(s, secret, retry, true)));
    }
  }

  private static RadiusClient build(
      RadiusServerConfig s, byte[] secret, IntervalRetransmissionStrategy retry, boolean acct) {
    return UdpRadiusClient.newBuilder()
        .address(acct ? s.accountingAddress() : s.authAddress())
        .secret(secret)
        .retransmissionStrategy(retry)
        .build();
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

  private static Outcome send(List<Target> targets, Packet request, boolean requireMa) {
    List<String> causes = new ArrayList<>();
    for (Target t : targets) {
      try {
        Packet response = t.client().send(request);
        if (requireMa
            && response.getAttributes().stream().noneMatch(a -> a.getType().head() == 80)) {
          LOG.warn("radius: dropped a response from {} without Message-Authenticator", t.name());
          causes.add(t.name() + ": response without Message-Authenticator");
          continue;
        }
        return new Outcome.Response(response, t.name());
      } catch (RadiusClientException e) {
        String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
        LOG.warn("radius: no valid answer from {}: {}", t.name(), cause);
        causes.add(t.name() + ": " + cause);
      } catch (RuntimeException e) {
        LOG.warn("radius: exchange with {} failed", t.name(), e);
        causes.add(t.name() + ": " + e);
      }
    }
    return new Outcome.NoResponse(String.join("; ", causes));
  }

  void close() {
    auth.forEach(t -> t.client().close());
    accounting.forEach(t -> t.client().close());
  }
}
