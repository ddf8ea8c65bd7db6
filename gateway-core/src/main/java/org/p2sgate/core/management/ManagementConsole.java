package org.p2sgate.core.management;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.p2sgate.core.session.SessionInfo;
import org.p2sgate.core.status.StatusFormat;
import org.p2sgate.core.status.StatusReport;

/**
 * One management connection, without its socket: a line in, the reply (perhaps later, from the
 * gateway's event loop) out. Not thread safe: the edge feeds one line at a time and waits for its
 * reply.
 *
 * <p>With a password, the connection first gets {@code ENTER PASSWORD:} (no line end); a wrong
 * password gets the prompt again and the third closes the connection; the right one gets {@code
 * SUCCESS: password is correct} and the banner. Without one, the banner comes first.
 */
public final class ManagementConsole {
  /** Wrong passwords before the connection is closed (the reference's retries). */
  static final int PASSWORD_TRIES = 3;

  /**
   * A reply to send.
   *
   * @param text what to write, line ends included (may be empty)
   * @param close whether the connection closes after it
   * @param refused whether it closes because of wrong passwords (the edge logs it)
   */
  public record Reply(String text, boolean close, boolean refused) {
    static Reply lines(List<String> lines) {
      StringBuilder b = new StringBuilder();
      for (String l : lines) {
        b.append(l).append("\r\n");
      }
      return new Reply(b.toString(), false, false);
    }

    static Reply line(String line) {
      return lines(List.of(line));
    }
  }

  private final ManagementHost host;
  private boolean authenticated;
  private int wrongPasswords;

  public ManagementConsole(ManagementHost host) {
    this.host = host;
    this.authenticated = host.password() == null;
  }

  /** What a new connection is sent: the banner, or the password prompt. */
  public String greeting() {
    return authenticated ? ManagementReplies.BANNER + "\r\n" : ManagementReplies.PASSWORD_PROMPT;
  }

  /** Whether the password has been given (or none is needed). */
  public boolean authenticated() {
    return authenticated;
  }

  /** The reply to one line (without its line end); never fails. */
  public CompletableFuture<Reply> onLine(String line) {
    if (!authenticated) {
      return done(password(line));
    }
    try {
      return command(CommandParser.parse(line))
          .exceptionally(e -> Reply.line("ERROR: the gateway did not answer"));
    } catch (RuntimeException e) {
      return done(Reply.line("ERROR: the gateway did not answer"));
    }
  }

  private Reply password(String line) {
    byte[] given = line.getBytes(StandardCharsets.UTF_8);
    byte[] wanted = host.password().getBytes(StandardCharsets.UTF_8);
    if (MessageDigest.isEqual(given, wanted)) {
      authenticated = true;
      return Reply.lines(List.of(ManagementReplies.PASSWORD_OK, ManagementReplies.BANNER));
    }
    if (++wrongPasswords >= PASSWORD_TRIES) {
      return new Reply("", true, true);
    }
    return new Reply(ManagementReplies.PASSWORD_PROMPT, false, false);
  }

  private CompletableFuture<Reply> command(Command c) {
    return switch (c) {
      case Command.Empty e -> done(new Reply("", false, false));
      case Command.Invalid i -> done(Reply.line(i.reply()));
      case Command.Quit q -> done(new Reply("", true, false));
      case Command.Help h -> done(Reply.lines(ManagementReplies.help(host.title())));
      case Command.Version v -> done(Reply.lines(ManagementReplies.version(host.title())));
      case Command.ClientVersion v -> done(clientVersion(v.value()));
      case Command.Pid p -> done(Reply.line("SUCCESS: pid=" + host.pid()));
      case Command.State s -> done(Reply.lines(List.of(stateLine(), "END")));
      case Command.NClients n ->
          host.gateway().sessions().thenApply(all -> Reply.line("SUCCESS: nclients=" + all.size()));
      case Command.LoadStats l ->
          host.gateway()
              .sessions()
              .thenApply(
                  all ->
                      Reply.line(
                          "SUCCESS: nclients="
                              + all.size()
                              + ",bytesin="
                              + host.bytesIn().getAsLong()
                              + ",bytesout="
                              + host.bytesOut().getAsLong()));
      case Command.Status s -> status(s.version() == 0 ? host.statusVersion() : s.version());
      case Command.KillByName k ->
          kill(s -> k.commonName().equals(s.commonName()), false)
              .thenApply(
                  n ->
                      Reply.line(
                          n > 0
                              ? "SUCCESS: common name '"
                                  + k.commonName()
                                  + "' found, "
                                  + n
                                  + " client(s) killed"
                              : "ERROR: common name '" + k.commonName() + "' not found"));
      case Command.KillByAddress k -> {
        String at = k.address() + ":" + k.port();
        yield kill(s -> at.equals(s.realAddress()), false)
            .thenApply(
                n ->
                    Reply.line(
                        n > 0
                            ? "SUCCESS: " + n + " client(s) at address " + at + " killed"
                            : "ERROR: client at address " + at + " not found"));
      }
      case Command.ClientKill k ->
          kill(s -> s.clientId() == k.clientId(), k.halt())
              .thenApply(
                  n ->
                      Reply.line(
                          n > 0
                              ? "SUCCESS: client-kill command succeeded"
                              : "ERROR: client-kill command failed"));
    };
  }

  private CompletableFuture<Integer> kill(Predicate<SessionInfo> which, boolean halt) {
    return host.gateway().disconnect(which, !halt);
  }

  private CompletableFuture<Reply> status(int version) {
    return host.gateway()
        .sessions()
        .thenApply(
            all ->
                Reply.lines(
                    StatusFormat.of(version)
                        .render(
                            new StatusReport(
                                host.title(), host.clock().getAsLong(), host.zone(), all))));
  }

  /**
   * The reference's state line for a running server: time, CONNECTED, SUCCESS, its tunnel address,
   * no remote address and port, its local address and port.
   */
  private String stateLine() {
    java.net.InetSocketAddress l = host.listen();
    return (host.startedMs() / 1000)
        + ",CONNECTED,SUCCESS,"
        + (host.tunnelAddress() == null ? "" : host.tunnelAddress())
        + ",,,"
        + (l == null ? "," : l.getAddress().getHostAddress() + "," + l.getPort());
  }

  private static Reply clientVersion(String value) {
    long v = CommandParser.leadingNumber(value);
    if (v < 1 || v > Integer.MAX_VALUE) {
      return Reply.line("ERROR: Invalid value specified for management client version");
    }
    return Reply.line("SUCCESS: Management client version set to " + v);
  }

  private static <T> CompletableFuture<T> done(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
