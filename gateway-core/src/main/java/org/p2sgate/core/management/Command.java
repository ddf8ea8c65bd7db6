package org.p2sgate.core.management;

/**
 * One management command line, parsed. Immutable; {@link CommandParser#parse} never fails, so a
 * line that is not a command is an {@link Invalid} carrying the reply.
 */
public sealed interface Command {
  /** An empty line: the reference answers nothing. */
  record Empty() implements Command {}

  /** {@code help}. */
  record Help() implements Command {}

  /** {@code version}: the server's version lines. */
  record Version() implements Command {}

  /** {@code version N}: the client announces its management version. */
  record ClientVersion(String value) implements Command {}

  /** {@code pid}. */
  record Pid() implements Command {}

  /** {@code load-stats}. */
  record LoadStats() implements Command {}

  /** {@code nclients}. */
  record NClients() implements Command {}

  /**
   * {@code status [n]}.
   *
   * @param version 1, 2 or 3, or 0 for the configured {@code status-version}
   */
  record Status(int version) implements Command {
    public Status {
      if (version < 0 || version > 3) {
        throw new IllegalArgumentException("status version 0..3");
      }
    }
  }

  /** {@code kill CN}: every session of that certificate common name. */
  record KillByName(String commonName) implements Command {}

  /** {@code kill IP:port}: the session whose client sends from that IPv4 address and port. */
  record KillByAddress(String address, int port) implements Command {
    public KillByAddress {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port 1..65535");
      }
    }
  }

  /**
   * {@code client-kill CID [M]}.
   *
   * @param halt whether the client is told {@code HALT} (stop) rather than {@code RESTART}
   */
  record ClientKill(long clientId, boolean halt) implements Command {}

  /** {@code state [N|all]}: the server's state history (one entry: connected). */
  record State() implements Command {}

  /** {@code quit} or {@code exit}: the connection closes. */
  record Quit() implements Command {}

  /**
   * A line that is no command p2sgate carries out.
   *
   * @param reply the one-line answer, starting {@code ERROR: }
   */
  record Invalid(String reply) implements Command {
    public Invalid {
      if (!reply.startsWith("ERROR: ")) {
        throw new IllegalArgumentException("an ERROR: line");
      }
    }
  }
}
