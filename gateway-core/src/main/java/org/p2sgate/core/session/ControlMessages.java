package org.p2sgate.core.session;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Credentials;
import org.p2sgate.auth.token.AuthTokens;
import org.p2sgate.core.config.ClientConfig;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.crypto.CipherKind;
import org.p2sgate.core.crypto.DataOpener;
import org.p2sgate.core.crypto.DataSealer;
import org.p2sgate.core.crypto.ReplayWindow;
import org.p2sgate.core.keyexchange.Key2;
import org.p2sgate.core.keyexchange.KeyDerivation;
import org.p2sgate.core.keyexchange.KeyMethod2;
import org.p2sgate.core.keyexchange.Negotiated;
import org.p2sgate.core.keyexchange.Negotiation;
import org.p2sgate.core.keyexchange.NegotiationException;
import org.p2sgate.core.keyexchange.PeerInfo;
import org.p2sgate.core.keyexchange.PushReply;
import org.p2sgate.core.observe.CloseCause;
import org.p2sgate.core.observe.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plaintext side of the control channel for one session: the client's key-method-2 message
 * (then data keys and our reply), and afterwards the NUL-terminated text commands (wire doc 5,
 * 9.3).
 */
final class ControlMessages {
  private static final Logger log = LoggerFactory.getLogger(ControlMessages.class);

  /** The reference ignores repeated PUSH_REQUESTs for this long after a reply. */
  static final long PUSH_REPEAT_MS = 30_000;

  private final ClientSession s;

  ControlMessages(ClientSession session) {
    this.s = session;
  }

  void onPlaintext(KeyState ks, long now) {
    if (!ks.clientKeyMethodReceived) {
      byte[] buf = ks.plaintext.toByteArray();
      KeyMethod2.ParseResult r = KeyMethod2.parseClient(buf, buf.length);
      switch (r) {
        case KeyMethod2.NeedMore m -> {
          return;
        }
        case KeyMethod2.Malformed m -> {
          ks.plaintext.reset();
          ks.clientKeyMethodReceived = true;
          s.authFailed(ks, "malformed key-method-2 message: " + m.reason(), now);
          return;
        }
        case KeyMethod2.Complete c -> {
          ks.plaintext.reset();
          ks.plaintext.write(buf, c.consumed(), buf.length - c.consumed());
          java.util.Arrays.fill(buf, (byte) 0);
          ks.clientKeyMethodReceived = true;
          onClientKeyMethod(ks, c.message(), now);
        }
      }
    }
    handleCommands(ks, now);
  }

  private void onClientKeyMethod(KeyState ks, KeyMethod2.ClientMessage msg, long now) {
    byte[] r1 = new byte[KeyMethod2.RANDOM];
    byte[] r2 = new byte[KeyMethod2.RANDOM];
    try {
      s.ctx.random().nextBytes(r1);
      s.ctx.random().nextBytes(r2);
      boolean first = s.negotiated == null;
      String refusal = first ? negotiate(ks, msg) : sameIdentity(ks, msg);
      if (refusal == null && !installKeys(ks, msg, r1, r2)) {
        refusal = "data channel key derivation failed";
      }
      // our key-method-2 message always comes first: a 2.6 client reads the first plaintext as
      // key method 2, so AUTH_FAILED before it would read as a protocol error
      String options = Negotiation.serverOptions(msg.options(), s.peer.isStream());
      ks.tls.writePlaintext(KeyMethod2.encodeServer(r1, r2, options));
      if (refusal != null) {
        s.authFailed(ks, refusal, now);
        return;
      }
      ks.phase = KeyState.Phase.KEYS_READY;
      s.control.drainTls(ks, now);
      ks.serverKeyMethodMessageId = ks.tlsChunksQueued;
      s.ctx.telemetry().handshake(Telemetry.Handshake.OK, now - ks.startedAt);
      if (first) {
        startAuthentication(ks, msg, now);
      } else {
        s.ctx.telemetry().renegotiated();
        // live revocation checks the path this key's handshake validated from now on
        s.presented = s.presented.withChain(ks.tls.peerChain());
        log.info("{}: new data keys for key id {}", s, ks.keyId);
      }
    } catch (java.io.IOException e) {
      s.authFailed(ks, "TLS write failed", now);
    } finally {
      java.util.Arrays.fill(r1, (byte) 0);
      java.util.Arrays.fill(r2, (byte) 0);
      msg.wipe();
    }
  }

  /**
   * A renegotiation must present the same certificate identity; a session without a certificate
   * must present its login's credentials (or its auth-token) again.
   */
  private String sameIdentity(KeyState ks, KeyMethod2.ClientMessage msg) {
    if (!java.util.Objects.equals(ks.tls.peerIdentity(), s.commonName())) {
      return "certificate identity changed during renegotiation";
    }
    LoginProof proof = s.presented.proof();
    if (proof != null && !proof.matches(msg.username(), msg.password(), s.login().authToken())) {
      return "renegotiation without the session's credentials";
    }
    return null;
  }

  /** Reads the client's options and peer-info and agrees on the data channel. */
  private String negotiate(KeyState ks, KeyMethod2.ClientMessage msg) {
    s.clientOptions = msg.options();
    s.peerInfo = PeerInfo.parse(msg.peerInfo());
    s.presented = Presented.handshake(ks.tls.peerIdentity(), ks.tls.peerChain(), msg.username());
    Negotiated n;
    try {
      n =
          Negotiation.negotiate(
              s.ctx.config().dataCiphers(),
              s.ctx.config().dataCiphersFallback(),
              s.peerInfo,
              msg.options());
    } catch (NegotiationException e) {
      return e.getMessage();
    }
    s.negotiated =
        s.ctx.config().keyDerivation() == ServerConfig.KeyDerivation.PRF ? n.withoutEkm() : n;
    return null;
  }

  /**
   * Runs the configured authentication without blocking: the result comes back through the session
   * table, on the owner's thread, to {@link #onAuthResult}.
   */
  private void startAuthentication(KeyState ks, KeyMethod2.ClientMessage msg, long now) {
    s.moveTo(SessionState.AUTHENTICATING);
    s.loginStartedAt = now;
    s.loginDeadline = now + s.ctx.config().handWindow().toMillis() + 1;
    String token = AuthTokens.isToken(msg.password()) ? msg.password() : null;
    LoginProof proof =
        s.commonName() == null
            ? new LoginProof(msg.username(), msg.password(), s.ctx.random())
            : null;
    s.presented = s.presented.withSecrets(token, proof);
    Credentials credentials =
        new Credentials(List.of(ks.tls.peerChain()), msg.username(), msg.password());
    AuthContext context =
        new AuthContext(s.peer.socketAddress(), s.sessionIdHex(), s.peerInfo.values());
    CompletionStage<AuthResult> stage;
    try {
      stage = s.ctx.authenticator().authenticate(credentials, context);
    } catch (RuntimeException e) {
      stage = CompletableFuture.completedFuture(new AuthResult.Unavailable(e.toString()));
    }
    stage.whenComplete(
        deliverTo(s.ctx.config().clientConfigDir(), s.commonName(), s.host.clientConfigs()));
  }

  /**
   * Hands an authentication's result, on whatever thread it arrives, to the session table; a
   * browser sign-in ({@link AuthResult.Pending}) goes first, its outcome after it. What it needs of
   * the session is read beforehand, on the owner's thread.
   */
  private java.util.function.BiConsumer<AuthResult, Throwable> deliverTo(
      org.p2sgate.core.config.ClientConfigDir ccd, String commonName, ClientConfigReader reader) {
    return (result, error) -> {
      AuthResult r = error != null ? new AuthResult.Unavailable(error.toString()) : result;
      if (r instanceof AuthResult.Pending p) {
        s.host.authFinished(s, p, ClientConfig.NONE);
        p.outcome().whenComplete(deliverTo(ccd, commonName, reader));
      } else if (ccd != null && r instanceof AuthResult.Accepted a) {
        // as the reference: the certificate's common name names the file; without a
        // certificate the login's name does (its username-as-common-name)
        readClientConfig(reader, ccd, commonName != null ? commonName : a.identity(), a);
      } else {
        s.host.authFinished(s, r, ClientConfig.NONE);
      }
    };
  }

  /** Reads the accepted client's file, then hands both on; a file that fails refuses the client. */
  private void readClientConfig(
      ClientConfigReader reader,
      org.p2sgate.core.config.ClientConfigDir ccd,
      String name,
      AuthResult.Accepted accepted) {
    CompletionStage<ClientConfig> read;
    try {
      read = reader.read(ccd, name);
    } catch (RuntimeException e) {
      read = CompletableFuture.failedFuture(e);
    }
    read.whenComplete(
        (config, error) -> {
          Throwable cause =
              error instanceof java.util.concurrent.CompletionException c ? c.getCause() : error;
          if (cause != null) {
            String why =
                cause instanceof org.p2sgate.core.config.ConfigException
                    ? cause.getMessage()
                    : "reading the client-config-dir failed: " + cause;
            s.host.authFinished(
                s,
                new AuthResult.Rejected(why, "client configuration error", CCD),
                ClientConfig.NONE);
          } else if (config.disabled()) {
            s.host.authFinished(
                s,
                new AuthResult.Rejected(config.file() + ": disable", "client disabled", CCD),
                config);
          } else {
            s.host.authFinished(s, accepted, config);
          }
        });
  }

  /** How refusals by a client-config-dir file name their method. */
  private static final String CCD = "client-config-dir";

  /**
   * The outcome of {@link #startAuthentication}, on the owner's thread. It always reaches the key
   * state that carried the login: no renegotiation can start while the login is pending.
   */
  void onAuthResult(AuthResult result, ClientConfig config, long now) {
    if (s.state() != SessionState.AUTHENTICATING) {
      WebAuth.discard(result); // a sign-in nobody waits for any more
      return; // already refused (hand-window) or closing
    }
    KeyState ks = s.primary;
    if (ks.phase == KeyState.Phase.DEAD) {
      s.moveTo(SessionState.REFUSED); // its TLS failed: the session is already closing
      return;
    }
    if (!(result instanceof AuthResult.Accepted)) {
      telemetry(result, now);
    }
    switch (result) {
      case AuthResult.Accepted a -> {
        LoginRecord login = loginOf(a, config, now);
        Admission admission = s.host.admit(s, login, () -> s.host.authFinished(s, result, config));
        if (admission.deferred()) {
          return; // still authenticating: the login comes back once the session it replaces ended
        }
        telemetry(result, now); // once per login, not per deferral
        String refusal = admission.refusal();
        if (refusal != null) {
          // a refused static address names the operator's file: the client is not told where
          boolean fromFile = config.addressAt() != null && refusal.startsWith(config.addressAt());
          AuthReplies.refuse(
              s,
              ks,
              login.identity(),
              null,
              refusal,
              fromFile ? "static address unavailable" : null,
              now);
          return;
        }
        s.moveTo(SessionState.ESTABLISHED);
        s.ctx.telemetry().sessions(s.transport(), s.login().method(), 1);
        String version = org.p2sgate.core.observe.LogText.printable(s.peerInfo.version());
        String platform = org.p2sgate.core.observe.LogText.printable(s.peerInfo.get("IV_PLAT"));
        SessionEvents.event(log.atInfo(), "login", s)
            .addKeyValue("result", "ok")
            .addKeyValue("method", s.login().method())
            .addKeyValue("address", s.tunnelAddress.getHostAddress())
            .addKeyValue("cipher", s.negotiated.cipher())
            .addKeyValue("tls", ks.tlsSummary)
            .addKeyValue("client_version", version)
            .addKeyValue("platform", platform)
            .addKeyValue("groups", s.login().access().groups())
            .setMessage(
                "{}: {} authenticated, peer {} ({}), {}, cipher {}, {} keys, address {} peer-id {}")
            .addArgument(s)
            .addArgument(org.p2sgate.core.observe.LogText.printable(s.login().identity()))
            .addArgument(version)
            .addArgument(platform)
            .addArgument(ks.tlsSummary)
            .addArgument(s.negotiated.cipher())
            .addArgument(s.negotiated.ekm() ? "tls-ekm" : "PRF")
            .addArgument(s.tunnelAddress.getHostAddress())
            .addArgument(s.peerId)
            .log();
        SessionLimits.apply(s, s.login().attributes(), now);
        s.ctx
            .listener()
            .established(
                s.sessionIdHex(),
                s.login().identity(),
                s.peer.socketAddress(),
                s.tunnelAddress,
                s.login().attributes());
        if (s.negotiated.pushWithoutRequest()) {
          sendPush(ks, now);
        }
      }
      case AuthResult.Rejected r ->
          AuthReplies.refuse(s, ks, r.method(), r.reason(), r.clientMessage(), now);
      case AuthResult.Challenge c -> AuthReplies.challenge(s, ks, c, now);
      case AuthResult.Pending p -> WebAuth.begin(s, ks, p, now);
      case AuthResult.Unavailable u -> {
        // "could not decide" is temporary: a client that understands it retries later
        // (AUTH_FAILED,TEMP, wire doc 9.3) instead of treating it as a wrong password
        boolean temp = s.peerInfo.hasProto(PeerInfo.IV_PROTO_AUTH_FAIL_TEMP);
        AuthReplies.refuse(
            s,
            ks,
            u.method(),
            "authentication unavailable: " + u.cause(),
            temp ? "TEMP[backoff 10]:authentication service unavailable, retry later" : null,
            now);
      }
    }
  }

  /**
   * What an accepted login establishes, the one place it is made: identity, attributes, group facts
   * and their grant, the client-config-dir file, and with auth-tokens the token session and token.
   * A login by token keeps its token and continues its session; a full login gets a new one bound
   * to this session, which ends with a RADIUS Session-Timeout at the latest.
   */
  private LoginRecord loginOf(AuthResult.Accepted a, ClientConfig config, long now) {
    java.util.Set<String> facts = AccessGrants.facts(a, s.presented.certificateChain());
    var grant = s.ctx.config().access().grant(facts);
    String tokenSession = null;
    String authToken = null;
    String username = s.presented.username();
    if (s.ctx.tokens() != null && !username.isEmpty()) {
      String continued = a.attributes().get(AuthTokens.SESSION_ATTRIBUTE);
      tokenSession = continued != null ? continued : s.sessionIdHex();
      authToken =
          continued != null
              ? s.presented.token()
              : s.ctx
                  .tokens()
                  .issue(username, a.identity(), tokenSession, SessionLimits.tokenLifetime(a));
    }
    return new LoginRecord(
        a.identity(),
        methodOf(a),
        a.attributes(),
        facts,
        grant,
        config,
        tokenSession,
        authToken,
        now);
  }

  /** How an accepted login went in: the policy that accepted it, or auth-token. */
  private static String methodOf(AuthResult.Accepted a) {
    return "token".equals(a.attributes().get("auth"))
        ? "auth-token"
        : a.attributes()
            .getOrDefault(org.p2sgate.auth.ChainedAuthenticator.POLICY_ATTRIBUTE, "certificate");
  }

  /**
   * The login's outcome for the metrics, named by the policy that accepted or the refusing method.
   */
  private void telemetry(AuthResult result, long now) {
    long millis = now - s.loginStartedAt;
    Telemetry t = s.ctx.telemetry();
    switch (result) {
      case AuthResult.Accepted a -> t.login(methodOf(a), Telemetry.Login.ACCEPTED, millis);
      case AuthResult.Rejected r -> t.login(methodOf(r.method()), Telemetry.Login.REJECTED, millis);
      case AuthResult.Challenge c -> t.login("-", Telemetry.Login.CHALLENGED, millis);
      case AuthResult.Pending p -> {} // counted when its outcome comes
      case AuthResult.Unavailable u ->
          t.login(methodOf(u.method()), Telemetry.Login.UNAVAILABLE, millis);
    }
  }

  private static String methodOf(String method) {
    return method == null ? "-" : method;
  }

  private boolean installKeys(KeyState ks, KeyMethod2.ClientMessage msg, byte[] r1, byte[] r2) {
    Optional<CipherKind> kind = CipherKind.fromOpenVpnName(s.negotiated.cipher());
    if (kind.isEmpty()) {
      return false;
    }
    Key2 key =
        s.negotiated.ekm()
            ? new Key2(ks.tls.exportKeyingMaterial(KeyDerivation.EKM_LABEL, Key2.SIZE))
            : KeyDerivation.prf(
                msg.preMaster(), msg.random1(), r1, msg.random2(), r2, s.remoteSid, s.localSid);
    int len = kind.get().keyLength();
    byte[] sendKey = key.serverToClientCipher(len);
    byte[] sendIv = key.serverToClientIv();
    byte[] receiveKey = key.clientToServerCipher(len);
    byte[] receiveIv = key.clientToServerIv();
    try {
      if (key.isDegenerate(len)) {
        return false;
      }
      ks.sealer = new DataSealer(kind.get(), sendKey, sendIv);
      ks.opener = new DataOpener(kind.get(), receiveKey, receiveIv, new ReplayWindow(64, 15));
      return true;
    } finally {
      // the engines keep copies of their own (zeroed when the key state ends); these go now
      key.wipe();
      java.util.Arrays.fill(sendKey, (byte) 0);
      java.util.Arrays.fill(sendIv, (byte) 0);
      java.util.Arrays.fill(receiveKey, (byte) 0);
      java.util.Arrays.fill(receiveIv, (byte) 0);
    }
  }

  private void handleCommands(KeyState ks, long now) {
    byte[] buf = ks.plaintext.toByteArray();
    int start = 0;
    for (int i = 0; i < buf.length; i++) {
      if (buf[i] == 0) {
        if (i > start) {
          onCommand(
              ks,
              new String(buf, start, i - start, java.nio.charset.StandardCharsets.US_ASCII).strip(),
              now);
        }
        start = i + 1;
      }
    }
    ks.plaintext.reset();
    if (buf.length - start > 4096) {
      log.debug("{}: dropping {} bytes of unterminated control text", s, buf.length - start);
    } else {
      ks.plaintext.write(buf, start, buf.length - start);
    }
  }

  private void onCommand(KeyState ks, String cmd, long now) {
    if (!cmd.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
      log.debug("{}: dropping control message with non-printable characters", s);
      return;
    }
    if (cmd.equals("PUSH_REQUEST")) {
      if (s.negotiated != null
          && s.tunnelAddress != null
          && (!s.pushed || now - s.lastPushMs > PUSH_REPEAT_MS)) {
        sendPush(ks, now);
      }
    } else if (cmd.equals("EXIT")) {
      s.scheduleClose(CloseCause.CLIENT_EXIT, "client sent EXIT", now);
    } else {
      log.debug(
          "{}: ignoring control message '{}'", s, cmd.length() > 40 ? cmd.substring(0, 40) : cmd);
    }
  }

  /**
   * The options this client is pushed before the per-client ones: the gateway's, then the learned
   * routes of the moment, as its client-config-dir file edits them.
   */
  List<String> pushedOptions() {
    List<String> learned = s.host.learnedRoutes();
    List<String> push = AccessGrants.withRoutes(s.ctx.config().push(), s.login().access());
    if (!learned.isEmpty()) {
      push = new java.util.ArrayList<>(push);
      push.addAll(learned);
    }
    return s.login().clientConfig().pushOptions(push);
  }

  void sendPush(KeyState ks, long now) {
    var cfg = s.ctx.config();
    PushReply.ClientOptions co =
        new PushReply.ClientOptions(
            s.tunnelAddress.getHostAddress(),
            s.ctx.pool().netmask(),
            s.ctx.pool().gatewayAddress().getHostAddress(),
            (int) cfg.pingInterval().toSeconds(),
            (int) cfg.pingRestart().toSeconds(),
            s.peerId,
            cfg.tunMtu(),
            s.login().authToken(),
            s.tunnelAddress6 == null
                ? null
                : org.p2sgate.core.ippool.Ipv6Text.of(s.tunnelAddress6)
                    + "/"
                    + cfg.pool6().prefix()
                    + " "
                    + org.p2sgate.core.ippool.Ipv6Text.of(cfg.pool6().gateway()));
    List<String> configured = pushedOptions();
    s.pushedRoutes = RouteRollout.routesOf(configured);
    List<String> options = PushReply.options(configured, co, s.negotiated, s.peerInfo);
    for (String m : PushReply.messages(options)) {
      s.control.sendMessage(ks, m, now);
    }
    s.rescheduleAfterPush(now);
    if (log.isDebugEnabled()) {
      log.debug(
          "{}: sent {}",
          s,
          options.stream()
              .map(o -> o.startsWith("auth-token ") ? "auth-token <redacted>" : o)
              .toList());
    }
  }
}
