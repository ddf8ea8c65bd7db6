package org.p2sgate.auth.radius;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.aaa4j.radius.core.attribute.Attribute;
import org.aaa4j.radius.core.attribute.Ipv4AddrData;
import org.aaa4j.radius.core.attribute.StringData;
import org.aaa4j.radius.core.attribute.TextData;
import org.aaa4j.radius.core.attribute.VsaData;
import org.aaa4j.radius.core.attribute.attributes.CallingStationId;
import org.aaa4j.radius.core.attribute.attributes.NasIdentifier;
import org.aaa4j.radius.core.attribute.attributes.NasIpAddress;
import org.aaa4j.radius.core.attribute.attributes.State;
import org.aaa4j.radius.core.attribute.attributes.UserName;
import org.aaa4j.radius.core.attribute.attributes.UserPassword;
import org.aaa4j.radius.core.attribute.attributes.VendorSpecific;
import org.aaa4j.radius.core.packet.Packet;
import org.aaa4j.radius.core.packet.packets.AccessRequest;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.auth.Credentials;

/**
 * Checks {@code auth-user-pass} credentials against RADIUS (RFC 2865). The blocking exchange runs
 * on the executor given at construction; the caller's thread only schedules it.
 *
 * <p>Outcomes: Access-Accept → {@link AuthResult.Accepted} (Framed-IP-Address, Class in hex,
 * Session-Timeout...); Access-Reject → {@link AuthResult.Rejected} with the Reply-Message for the
 * client; Access-Challenge → {@link AuthResult.Challenge} whose state is the hex RADIUS State, to
 * be relayed as a CRV1 challenge; no valid answer from any server → {@link AuthResult.Unavailable}.
 */
public final class RadiusAuthenticator implements Authenticator, AutoCloseable {
  /** RFC 2865 5.2: User-Password holds at most 128 bytes. */
  static final int MAX_PAP_PASSWORD = 128;

  private static final int CODE_ACCEPT = 2;
  private static final int CODE_REJECT = 3;
  private static final int CODE_CHALLENGE = 11;

  private final RadiusConfig config;
  private final RadiusTransport transport;
  private final Executor executor;
  private final SecureRandom random = new SecureRandom();

  public RadiusAuthenticator(RadiusConfig config, Executor executor) {
    this(config, executor, org.p2sgate.auth.BackendObserver.NONE);
  }

  /** As above; {@code observer} hears of every exchange with a server (metrics). */
  public RadiusAuthenticator(
      RadiusConfig config, Executor executor, org.p2sgate.auth.BackendObserver observer) {
    this.config = config;
    this.executor = executor;
    this.transport = new RadiusTransport(config.servers(), observer, "radius");
  }

  @Override
  public CompletionStage<AuthResult> authenticate(Credentials credentials, AuthContext context) {
    if (credentials.username().isEmpty()) {
      return CompletableFuture.completedFuture(new AuthResult.Rejected("radius: no username"));
    }
    try {
      return CompletableFuture.supplyAsync(() -> decide(credentials, context), executor)
          .exceptionally(e -> new AuthResult.Unavailable("radius: " + e));
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(
          new AuthResult.Unavailable("radius: executor refused the check"));
    }
  }

  private AuthResult decide(Credentials credentials, AuthContext context) {
    String user = credentials.username();
    return switch (ChallengeAnswer.parse(credentials.password())) {
      case ChallengeAnswer.Plain p -> exchange(user, p.password(), null, context);
      case ChallengeAnswer.Dynamic d -> exchange(user, d.response(), d.state(), context);
      case ChallengeAnswer.Static s ->
          switch (config.staticChallenge()) {
            case CONCATENATE -> exchange(user, s.password() + s.response(), null, context);
            case TWO_ROUNDS -> {
              AuthResult first = exchange(user, s.password(), null, context);
              if (first instanceof AuthResult.Challenge c) {
                byte[] state = HexFormat.of().parseHex(c.state());
                yield exchange(user, s.response(), state, context);
              }
              yield first;
            }
          };
    };
  }

  private AuthResult exchange(String user, String secret, byte[] state, AuthContext context) {
    List<Attribute<?>> attrs = new ArrayList<>();
    attrs.add(new UserName(new TextData(user)));
    byte[] pw = null; // the User-Password attribute holds this array itself, not a copy
    MsChapExchange mschap = null;
    try {
      if (config.authMethod() == RadiusConfig.AuthMethod.PAP) {
        pw = secret.getBytes(StandardCharsets.UTF_8);
        if (pw.length > MAX_PAP_PASSWORD) {
          return new AuthResult.Rejected("radius: password longer than 128 bytes");
        }
        attrs.add(new UserPassword(new StringData(pw)));
      } else {
        mschap = MsChapExchange.create(random, user, secret);
        attrs.addAll(mschap.requestAttributes());
      }
      if (state != null) {
        attrs.add(new State(new StringData(state)));
      }
      attrs.addAll(nasAttributes(config));
      if (context.source() != null && context.source().getAddress() != null) {
        String calling = context.source().getAddress().getHostAddress();
        attrs.add(new CallingStationId(new TextData(calling)));
      }
      Packet request = new AccessRequest(RadiusTransport.withMessageAuthenticator(attrs));
      return switch (transport.sendAuth(request)) {
        case RadiusTransport.Outcome.NoResponse n ->
            new AuthResult.Unavailable("radius: no valid response (" + n.cause() + ")");
        case RadiusTransport.Outcome.Response r -> map(user, r.packet(), r.server(), mschap);
      };
    } finally {
      if (pw != null) {
        Arrays.fill(pw, (byte) 0);
      }
      if (mschap != null) {
        mschap.wipe();
      }
    }
  }

  static List<Attribute<?>> nasAttributes(RadiusConfig config) {
    List<Attribute<?>> attrs = new ArrayList<>();
    if (!config.nasIdentifier().isEmpty()) {
      attrs.add(new NasIdentifier(new TextData(config.nasIdentifier())));
    }
    config.nasIpAddress().ifPresent(ip -> attrs.add(new NasIpAddress(new Ipv4AddrData(ip))));
    return attrs;
  }

  /** Turns a verified response into a result. Package-private for tests. */
  static AuthResult map(String user, Packet response, String server, MsChapExchange mschap) {
    String reply = RadiusAttributes.replyMessage(response).orElse(null);
    return switch (response.getCode()) {
      case CODE_ACCEPT -> {
        if (mschap != null && !mschap.verifySuccess(response)) {
          yield new AuthResult.Unavailable(
              "radius: " + server + " accepted without a valid MS-CHAP2-Success");
        }
        Map<String, String> attrs = RadiusAttributes.acceptAttributes(response);
        yield new AuthResult.Accepted(user, attrs, RadiusAttributes.groups(response));
      }
      case CODE_REJECT -> new AuthResult.Rejected("radius: Access-Reject from " + server, reply);
      case CODE_CHALLENGE -> {
        var state = RadiusAttributes.bytes(response, RadiusAttributes.STATE);
        if (state.isEmpty() || state.get().length == 0) {
          yield new AuthResult.Unavailable("radius: Access-Challenge without State from " + server);
        }
        String prompt = reply == null ? "Enter your one-time code" : reply;
        yield new AuthResult.Challenge(
            HexFormat.of().formatHex(state.get()), prompt, RadiusAttributes.echo(response));
      }
      default ->
          new AuthResult.Unavailable(
              "radius: unexpected code " + response.getCode() + " from " + server);
    };
  }

  @Override
  public void close() {
    transport.close();
  }

  /**
   * One MS-CHAPv2 exchange: the challenges we made up and what the server must prove. It keeps the
   * PasswordHashHash (RFC 2759 8.4), not the password, to check the server's answer; {@link
   * #wipe()} zeroes it.
   */
  record MsChapExchange(
      byte[] authChallenge,
      byte[] peerChallenge,
      byte[] ntResponse,
      String user,
      byte[] passwordHashHash) {
    static MsChapExchange create(SecureRandom random, String user, String password) {
      byte[] auth = new byte[16];
      byte[] peer = new byte[16];
      random.nextBytes(auth);
      random.nextBytes(peer);
      byte[] nt = MsChapV2.generateNtResponse(auth, peer, user, password);
      return new MsChapExchange(auth, peer, nt, user, MsChapV2.hashNtPasswordHash(password));
    }

    void wipe() {
      Arrays.fill(passwordHashHash, (byte) 0);
    }

    List<Attribute<?>> requestAttributes() {
      ByteBuffer resp = ByteBuffer.allocate(50);
      resp.put((byte) 1).put((byte) 0).put(peerChallenge).put(new byte[8]).put(ntResponse);
      return List.of(
          vsa(RadiusAttributes.MS_CHAP_CHALLENGE, authChallenge),
          vsa(RadiusAttributes.MS_CHAP2_RESPONSE, resp.array()));
    }

    private static Attribute<?> vsa(int type, byte[] value) {
      return new VendorSpecific(new VsaData(RadiusAttributes.MICROSOFT, type, value));
    }

    /** MS-CHAP2-Success is ident + "S=" + 40 hex digits (RFC 2548 2.3.3). */
    boolean verifySuccess(Packet accept) {
      var success =
          RadiusAttributes.vendor(
              accept, RadiusAttributes.MICROSOFT, RadiusAttributes.MS_CHAP2_SUCCESS);
      if (success.isEmpty() || success.get().length < 43) {
        return false;
      }
      byte[] got = new byte[42];
      System.arraycopy(success.get(), 1, got, 0, 42);
      String expected =
          MsChapV2.generateAuthenticatorResponse(
              passwordHashHash, ntResponse, peerChallenge, authChallenge, user);
      return MessageDigest.isEqual(got, expected.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
      return "MsChapExchange[user=" + user + "]";
    }
  }
}
