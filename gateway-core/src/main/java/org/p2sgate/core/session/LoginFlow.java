package org.p2sgate.core.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Credentials;
import org.p2sgate.auth.token.AuthTokens;
import org.p2sgate.core.config.ClientConfig;
import org.p2sgate.core.keyexchange.KeyMethod2;
import org.p2sgate.core.keyexchange.PeerInfo;
import org.p2sgate.core.observe.Telemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session's login, from the client's key-method-2 message to the table's admission: the
 * configured authentication run without blocking (and the client-config-dir file read after an
 * accepted one), and its outcome back on the owner's thread: admitted and told so, refused,
 * challenged, or sent to a browser sign-in. Split from {@link ControlMessages}, which starts it and
 * pushes the options after it.
 */
final class LoginFlow {
  private static final Logger log = LoggerFactory.getLogger(LoginFlow.class);

  private final ClientSession s;

  LoginFlow(ClientSession session) {
    this.s = session;
  }

  /**
   * Runs the configured authentication without blocking: the result comes back through the session
   * table, on the owner's thread, to {@link #onResult}.
   */
  void start(KeyState ks, KeyMethod2.ClientMessage msg, long now) {
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
   * The outcome of {@link #start}, on the owner's thread. It always reaches the key state that
   * carried the login: no renegotiation can start while the login is pending.
   */
  void onResult(AuthResult result, ClientConfig config, long now) {
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
          s.messages.sendPush(ks, now);
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
}
