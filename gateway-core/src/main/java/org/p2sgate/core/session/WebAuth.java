package org.p2sgate.core.session;

import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.sso.BrowserSignIn;
import org.p2sgate.core.keyexchange.PeerInfo;
import org.p2sgate.core.observe.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A login that goes on in the user's browser (OpenVPN's pending authentication): the client is sent
 * {@code AUTH_PENDING} ({@code AUTH_PENDING,timeout N} when it announced IV_PROTO_AUTH_PENDING_KW)
 * and {@code INFO_PRE,WEB_AUTH::<url>} ({@code INFO_PRE,OPEN_URL:<url>} to a client whose IV_SSO
 * names only {@code openurl}), as the reference's {@code send_auth_pending_messages} (push.c,
 * 2.7.6). The session stays {@link SessionState#AUTHENTICATING} until the method's outcome arrives
 * or the deadline passes: the timeout the method asked for, capped as the reference caps it, by
 * max(reneg-sec / 2, hand-window) counted from the key's start. Meanwhile PUSH_REQUESTs get no
 * answer (there is no address yet; the reference's PUSH_MSG_REQUEST_DEFERRED) and the client keeps
 * asking; the outcome then gets the usual PUSH_REPLY or AUTH_FAILED.
 */
final class WebAuth {
  private static final Logger log = LoggerFactory.getLogger(WebAuth.class);

  /** The reference's PUSH_BUNDLE_SIZE: the longest INFO_PRE it sends. */
  static final int MAX_INFO_PRE = 1024;

  private WebAuth() {}

  /** The method asked for a browser sign-in: tell the client, or refuse one that cannot. */
  static void begin(ClientSession s, KeyState ks, AuthResult.Pending p, long now) {
    String ivSso = s.peerInfo.get("IV_SSO");
    boolean web = BrowserSignIn.announces(ivSso, "webauth");
    boolean open = BrowserSignIn.announces(ivSso, "openurl");
    String info = web ? "INFO_PRE,WEB_AUTH::" + p.url() : "INFO_PRE,OPEN_URL:" + p.url();
    String refusal =
        s.webAuth != null
            ? "a second browser sign-in for one login"
            : !web && !open
                ? "client cannot do browser sign-in (no IV_SSO)"
                : info.length() > MAX_INFO_PRE || !printable(info) ? "sign-in URL unusable" : null;
    if (refusal != null) {
      p.outcome().toCompletableFuture().cancel(false);
      AuthReplies.refuse(
          s, ks, "sso", refusal, web || open ? null : BrowserSignIn.NO_WEB_AUTH, now);
      return;
    }
    long hand = s.ctx.config().handWindow().toMillis();
    long reneg = s.ctx.config().renegSec().toMillis();
    long cap = Math.max(reneg / 2, hand) - (now - ks.startedAt);
    long timeoutMs = Math.max(1_000, Math.min(p.timeout().toMillis(), cap));
    s.webAuth = p;
    s.loginDeadline = now + timeoutMs;
    boolean keywords = s.peerInfo.hasProto(PeerInfo.IV_PROTO_AUTH_PENDING_KW);
    s.control.sendMessage(
        ks, keywords ? "AUTH_PENDING,timeout " + timeoutMs / 1000 : "AUTH_PENDING", now);
    s.control.sendMessage(ks, info, now);
    SessionEvents.event(log.atInfo(), "login", s)
        .addKeyValue("result", "pending")
        .addKeyValue("method", "sso")
        .setMessage("AUTH pending: user={} browser sign-in ({}), {} s to finish")
        .addArgument(
            s.presented.username().isEmpty() ? "-" : LogText.printable(s.presented.username()))
        .addArgument(web ? "WEB_AUTH" : "OPEN_URL")
        .addArgument(timeoutMs / 1000)
        .log();
  }

  /** The browser sign-in did not finish in time. */
  static void expired(ClientSession s, KeyState ks, long now) {
    long secs = Math.max(1, (s.loginDeadline - s.loginStartedAt) / 1000);
    s.webAuth.outcome().toCompletableFuture().cancel(false);
    AuthReplies.refuse(
        s,
        ks,
        "sso",
        "browser sign-in did not finish within " + secs + " s",
        "browser sign-in timed out",
        now);
  }

  /**
   * A result for a session that no longer waits: a sign-in in it is cancelled, freeing its entry.
   */
  static void discard(AuthResult result) {
    if (result instanceof AuthResult.Pending p) {
      p.outcome().toCompletableFuture().cancel(false);
    }
  }

  /** The session ends while its login waits: the method forgets the sign-in, if there is one. */
  static void abandon(ClientSession s) {
    if (s.webAuth != null) {
      s.webAuth.outcome().toCompletableFuture().cancel(false);
    }
  }

  private static boolean printable(String s) {
    return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }
}
