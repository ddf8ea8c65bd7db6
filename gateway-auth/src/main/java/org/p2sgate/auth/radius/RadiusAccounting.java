package org.p2sgate.auth.radius;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.EnumData;
import org.aaa4j.radius.core.attribute.IntegerData;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.attributes.AcctInputGigawords;
import org.aaa4j.radius.core.attribute.attributes.AcctInputOctets;
import org.aaa4j.radius.core.attribute.attributes.AcctOutputGigawords;
import org.aaa4j.radius.core.attribute.attributes.AcctOutputOctets;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionId;
import org.aaa4j.radius.core.attribute.attributes.AcctSessionTime;
import org.aaa4j.radius.core.attribute.attributes.AcctStatusType;
import org.aaa4j.radius.core.attribute.attributes.AcctTerminateCause;
import org.aaa4j.radius.core.attribute.attributes.CallingStationId;
import org.aaa4j.radius.core.attribute.attributes.Class;
import org.aaa4j.radius.core.attribute.attributes.FramedIpAddress;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.packets.AccountingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RADIUS accounting (RFC 2866): Start when a session is up, Interim-Update every configured
 * interval, Stop when it ends, each with the session's Class echoed (RFC 2865 5.25). The blocking
 * exchanges run on the executor given at construction; each stage completes with {@code true} when
 * a server acknowledged the record.
 */
public final class RadiusAccounting implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RadiusAccounting.class);
  private static final int CODE_ACCOUNTING_RESPONSE = 5;

  /** Acct-Status-Type values (RFC 2866 5.1). */
  enum StatusType {
    START(1),
    STOP(2),
    INTERIM_UPDATE(3);

    final int value;

    StatusType(int value) {
      this.value = value;
    }
  }

  /**
   * What accounting knows about one session.
   *
   * @param sessionId Acct-Session-Id
   * @param username User-Name
   * @param source the client's address, sent as Calling-Station-Id
   * @param framedIp the tunnel address given to the client
   * @param classHex the Class from the Access-Accept, hex, echoed unchanged; may be empty
   */
  public record Session(
      String sessionId,
      String username,
      InetSocketAddress source,
      Optional<Inet4Address> framedIp,
      Optional<String> classHex) {
    public Session {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(framedIp, "framedIp");
      Objects.requireNonNull(classHex, "classHex");
    }

    /** A session for a RADIUS-accepted user: takes Class from the accept's attributes. */
    public static Session of(
        String sessionId,
        String username,
        InetSocketAddress source,
        Optional<Inet4Address> framedIp,
        Map<String, String> acceptAttributes) {
      return new Session(
          sessionId,
          username,
          source,
          framedIp,
          Optional.ofNullable(acceptAttributes.get("Class")));
    }
  }

  /** Traffic and time so far; octets are counted as the client sees them (input = from it). */
  public record Usage(long inputOctets, long outputOctets, Duration sessionTime) {}

  private final RadiusConfig config;
  private final RadiusTransport transport;
  private final Executor executor;

  public RadiusAccounting(RadiusConfig config, Executor executor) {
    this(config, executor, org.p2sgate.auth.BackendObserver.NONE);
  }

  /** As above; {@code observer} hears of every exchange with a server (metrics). */
  public RadiusAccounting(
      RadiusConfig config, Executor executor, org.p2sgate.auth.BackendObserver observer) {
    this.config = config;
    this.executor = executor;
    this.transport = new RadiusTransport(config.servers(), observer, "radius-accounting");
  }

  public CompletionStage<Boolean> start(Session session) {
    return send(build(StatusType.START, session, null));
  }

  public CompletionStage<Boolean> interim(Session session, Usage usage) {
    return send(build(StatusType.INTERIM_UPDATE, session, usage));
  }

  /**
   * Stop with Acct-Terminate-Cause User-Request (1) unless another RFC 2866 5.10 value is given.
   */
  public CompletionStage<Boolean> stop(Session session, Usage usage, int terminateCause) {
    List<Attribute<?>> attrs = build(StatusType.STOP, session, usage);
    attrs.add(new AcctTerminateCause(new EnumData(terminateCause)));
    return send(attrs);
  }

  /** Sends Interim-Update every {@link RadiusConfig#interimInterval()} until cancelled. */
  public ScheduledFuture<?> scheduleInterim(
      ScheduledExecutorService scheduler, Session session, Supplier<Usage> usage) {
    long seconds = config.interimInterval().toSeconds();
    return scheduler.scheduleAtFixedRate(
        () -> interim(session, usage.get()), seconds, seconds, TimeUnit.SECONDS);
  }

  /** The attributes of one Accounting-Request, without Message-Authenticator. */
  List<Attribute<?>> build(StatusType type, Session s, Usage usage) {
    List<Attribute<?>> attrs = new ArrayList<>();
    attrs.add(new AcctStatusType(new EnumData(type.value)));
    attrs.add(new AcctSessionId(new TextData(s.sessionId())));
    attrs.add(new UserName(new TextData(s.username())));
    attrs.addAll(RadiusAuthenticator.nasAttributes(config));
    if (s.source() != null && s.source().getAddress() != null) {
      attrs.add(new CallingStationId(new TextData(s.source().getAddress().getHostAddress())));
    }
    s.framedIp().ifPresent(ip -> attrs.add(new FramedIpAddress(new Ipv4AddrData(ip))));
    s.classHex().ifPresent(c -> attrs.add(new Class(new StringData(HexFormat.of().parseHex(c)))));
    if (usage != null) {
      attrs.add(new AcctInputOctets(new IntegerData((int) usage.inputOctets())));
      attrs.add(new AcctOutputOctets(new IntegerData((int) usage.outputOctets())));
      if (usage.inputOctets() >>> 32 != 0) {
        attrs.add(new AcctInputGigawords(new IntegerData((int) (usage.inputOctets() >>> 32))));
      }
      if (usage.outputOctets() >>> 32 != 0) {
        attrs.add(new AcctOutputGigawords(new IntegerData((int) (usage.outputOctets() >>> 32))));
      }
      attrs.add(new AcctSessionTime(new IntegerData((int) usage.sessionTime().toSeconds())));
    }
    return attrs;
  }

  private CompletionStage<Boolean> send(List<Attribute<?>> attrs) {
    if (!config.accounting()) {
      return CompletableFuture.completedFuture(false);
    }
    Packet request = new AccountingRequest(RadiusTransport.withMessageAuthenticator(attrs));
    try {
      return CompletableFuture.supplyAsync(
          () ->
              switch (transport.sendAccounting(request)) {
                case RadiusTransport.Outcome.Response r ->
                    r.packet().getCode() == CODE_ACCOUNTING_RESPONSE;
                case RadiusTransport.Outcome.NoResponse n -> {
                  LOG.warn("radius: accounting record not acknowledged: {}", n.cause());
                  yield false;
                }
              },
          executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(false);
    }
  }

  @Override
  public void close() {
    transport.close();
  }
}
