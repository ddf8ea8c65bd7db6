package org.p2sgate.core.session;

import java.util.List;
import java.util.Optional;
import org.p2sgate.auth.AuthResult;
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

  /** The login this session's key-method-2 message starts. */
  private final LoginFlow login;

  ControlMessages(ClientSession session) {
    this.s = session;
    this.login = new LoginFlow(session);
  }

  /** The outcome of the login, on the owner's thread (see {@link LoginFlow#onResult}). */
  void onAuthResult(AuthResult result, ClientConfig config, long now) {
    login.onResult(result, config, now);
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
        login.start(ks, msg, now);
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
