package org.p2sgate.core.session;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.core.observe.CloseCause;
import org.p2sgate.core.observe.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a refused or challenged client is told, and the one line the operator's log gets for it.
 * Usernames come from the client: they are logged through {@link LogText}, so a crafted one cannot
 * forge or split log lines.
 */
final class AuthReplies {
  private static final Logger log = LoggerFactory.getLogger(AuthReplies.class);

  /** Delay between AUTH_FAILED and closing, so the message is delivered and acked. */
  static final long LINGER_MS = 2_000;

  private AuthReplies() {}

  /**
   * Refuses the client with {@code AUTH_FAILED,<clientText>} ({@code reason} when null); the log
   * gets the user, the method that refused ({@code method}, or "certificate" / "session" when none
   * did), {@code reason} and the source address.
   */
  static void refuse(
      ClientSession s, KeyState ks, String method, String reason, String clientText, long now) {
    refuse(s, ks, s.user(), method, reason, clientText, now);
  }

  /**
   * As {@link #refuse(ClientSession, KeyState, String, String, String, long)}, for a login that
   * authentication accepted but the table did not admit: the log names {@code identity}, whom
   * authentication named.
   */
  static void refuse(
      ClientSession s,
      KeyState ks,
      String identity,
      String method,
      String reason,
      String clientText,
      long now) {
    String by =
        method != null
            ? method
            : s.ctx.authenticator() == GatewayContext.CERTIFICATE_ONLY ? "certificate" : "session";
    String username = s.presented.username();
    SessionEvents.event(log.atWarn(), "login", s, identity)
        .addKeyValue("result", "refused")
        .addKeyValue("method", by)
        .addKeyValue("reason", LogText.printable(reason))
        .setMessage("AUTH refused: user={} cn={} method={} reason=\"{}\" source={}")
        .addArgument(username.isEmpty() ? "-" : LogText.printable(username))
        .addArgument(s.commonName() == null ? "-" : LogText.printable(s.commonName()))
        .addArgument(by)
        .addArgument(LogText.printable(reason))
        .addArgument(s.peer.describe())
        .log();
    s.moveTo(SessionState.REFUSED);
    s.control.sendMessage(ks, "AUTH_FAILED," + (clientText != null ? clientText : reason), now);
    s.scheduleClose(CloseCause.AUTH_FAILED, "authentication failed: " + reason, now + LINGER_MS);
  }

  /**
   * Asks the user for more (an OTP code): OpenVPN's dynamic challenge, {@code
   * AUTH_FAILED,CRV1:<flags>:<state>:<base64 username>:<prompt>}. The client answers on its next
   * connection with the password {@code CRV1::<state>::<response>}.
   */
  static void challenge(ClientSession s, KeyState ks, AuthResult.Challenge c, long now) {
    String username = s.presented.username();
    String user = Base64.getEncoder().encodeToString(username.getBytes(StandardCharsets.UTF_8));
    String prompt = c.prompt().replace(',', ' ').replaceAll("[^\\x20-\\x7e]", " ");
    log.info(
        "AUTH challenge: user={} source={} prompt=\"{}\"",
        LogText.printable(username),
        s.peer.describe(),
        prompt);
    s.moveTo(SessionState.REFUSED);
    s.control.sendMessage(
        ks,
        "AUTH_FAILED,CRV1:R" + (c.echo() ? ",E" : "") + ":" + c.state() + ":" + user + ":" + prompt,
        now);
    s.scheduleClose(CloseCause.CHALLENGED, "challenge sent", now + LINGER_MS);
  }
}
