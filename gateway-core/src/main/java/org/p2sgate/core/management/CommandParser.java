package org.p2sgate.core.management;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses one management line (without its line end) into a {@link Command}. Total: every string,
 * however long or strange, gives a command or an {@link Command.Invalid} with the reply.
 *
 * <p>Words are split as the reference's {@code parse_line} splits them: on spaces and tabs, with
 * {@code "double quotes"} around a word holding spaces and {@code \} escaping the next character;
 * at most {@link #MAX_PARAMS} words. The unknown-command reply never repeats the line.
 */
public final class CommandParser {
  /** The longest line read, in bytes; longer lines are discarded with {@link #TOO_LONG}. */
  public static final int MAX_LINE = 1024;

  /** Words on a line, at most (the reference's {@code MAX_PARMS}). */
  static final int MAX_PARAMS = 16;

  static final String TOO_LONG = "ERROR: line too long (at most " + MAX_LINE + " bytes)";
  static final String UNKNOWN = "ERROR: unknown command, enter 'help' for more options";

  /**
   * Commands of the reference server that p2sgate does not carry out: answered as the reference
   * answers a command its daemon mode does not support.
   */
  static final Set<String> NOT_SUPPORTED =
      Set.of(
          "auth-retry",
          "bytecount",
          "certificate",
          "client-auth",
          "client-auth-nt",
          "client-deny",
          "client-pending-auth",
          "cr-response",
          "echo",
          "env-filter",
          "forget-passwords",
          "hold",
          "log",
          "mute",
          "needok",
          "needstr",
          "net",
          "password",
          "pk-sig",
          "pkcs11-id-count",
          "pkcs11-id-get",
          "proxy",
          "push-update-broad",
          "push-update-cid",
          "remote",
          "remote-entry-count",
          "remote-entry-get",
          "rsa-sig",
          "signal",
          "test",
          "username",
          "verb");

  private CommandParser() {}

  public static Command parse(String line) {
    if (line.length() > MAX_LINE) {
      return new Command.Invalid(TOO_LONG);
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return new Command.Invalid("ERROR: control characters in the command line");
      }
    }
    List<String> p = words(line);
    if (p == null) {
      return new Command.Invalid("ERROR: no closing quotation (\") in the command line");
    }
    if (p.size() > MAX_PARAMS) {
      return new Command.Invalid("ERROR: too many parameters (at most " + MAX_PARAMS + ")");
    }
    if (p.isEmpty()) {
      return new Command.Empty();
    }
    String name = p.get(0);
    return switch (name) {
      case "help" -> new Command.Help();
      case "quit", "exit" -> new Command.Quit();
      case "version" -> p.size() > 1 ? new Command.ClientVersion(p.get(1)) : new Command.Version();
      case "pid" -> new Command.Pid();
      case "load-stats" -> new Command.LoadStats();
      case "nclients" -> new Command.NClients();
      case "state" -> state(p);
      case "status" -> status(p);
      case "kill" -> p.size() < 2 ? needs(name, 1, false) : kill(p.get(1));
      case "client-kill" -> p.size() < 2 ? needs(name, 1, true) : clientKill(p);
      default ->
          NOT_SUPPORTED.contains(name)
              ? new Command.Invalid(
                  "ERROR: The '" + name + "' command is not supported by the current daemon mode")
              : new Command.Invalid(UNKNOWN);
    };
  }

  /** {@code status [n]}: n read as the reference's {@code atoi} reads it (no number: 0). */
  private static Command status(List<String> p) {
    long v = p.size() > 1 ? leadingNumber(p.get(1)) : 0;
    if (v < 0 || v > 3) {
      return new Command.Invalid("ERROR: bad status format version number");
    }
    return new Command.Status((int) v);
  }

  private static Command state(List<String> p) {
    if (p.size() > 1 && (p.get(1).equals("on") || p.get(1).equals("off"))) {
      return new Command.Invalid("ERROR: real-time state notification is not supported");
    }
    if (p.size() > 1 && !p.get(1).equals("all") && leadingNumber(p.get(1)) <= 0) {
      return new Command.Invalid(
          "ERROR: state parameter must be 'on' or 'off' or some number n or 'all'");
    }
    return new Command.State();
  }

  /**
   * {@code kill CN} or {@code kill IP:port}: as the reference 2.6 reads its argument, the text
   * before the first ':' is the address when a port follows, the common name otherwise.
   */
  private static Command kill(String victim) {
    int colon = victim.indexOf(':');
    String p1 = colon < 0 ? victim : victim.substring(0, colon);
    String rest = colon < 0 ? "" : victim.substring(colon + 1);
    String p2 = rest.indexOf(':') < 0 ? rest : rest.substring(0, rest.indexOf(':'));
    if (p1.isEmpty()) {
      return new Command.Invalid("ERROR: kill parse");
    }
    if (p2.isEmpty()) {
      return new Command.KillByName(p1);
    }
    if (!isIpv4(p1)) {
      return new Command.Invalid("ERROR: error parsing IP address: " + p1);
    }
    long port = p2.chars().allMatch(Character::isDigit) ? leadingNumber(p2) : -1;
    if (port < 1 || port > 65535) {
      return new Command.Invalid("ERROR: port number out of range: " + p2);
    }
    return new Command.KillByAddress(p1, (int) port);
  }

  private static Command clientKill(List<String> p) {
    String cid = p.get(1);
    if (cid.isEmpty() || cid.length() > 19 || !cid.chars().allMatch(Character::isDigit)) {
      return new Command.Invalid("ERROR: cannot parse CID");
    }
    String message = p.size() > 2 ? p.get(2) : "RESTART";
    return switch (message) {
      case "RESTART" -> new Command.ClientKill(Long.parseLong(cid), false);
      case "HALT" -> new Command.ClientKill(Long.parseLong(cid), true);
      default ->
          new Command.Invalid("ERROR: p2sgate's client-kill message is RESTART (default) or HALT");
    };
  }

  private static Command needs(String name, int n, boolean atLeast) {
    return new Command.Invalid(
        "ERROR: the '"
            + name
            + "' command requires "
            + (atLeast ? "at least " : "")
            + n
            + " parameter"
            + (n > 1 ? "s" : ""));
  }

  /** The digits a word starts with, as a number (C's {@code atoi}); -1 past 10 digits. */
  static long leadingNumber(String s) {
    int i = 0;
    while (i < s.length() && i <= 10 && Character.isDigit(s.charAt(i)) && s.charAt(i) < 0x80) {
      i++;
    }
    if (i > 10) {
      return -1;
    }
    return i == 0 ? 0 : Long.parseLong(s.substring(0, i));
  }

  /** A dotted-quad IPv4 literal (no host names: nothing is looked up). */
  static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /** The words of a line, or {@code null} when a quotation is not closed. */
  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder word = null;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        word = word == null ? new StringBuilder() : word;
        word.append(line.charAt(++i));
      } else if (c == '"') {
        word = word == null ? new StringBuilder() : word;
        quoted = !quoted;
      } else if ((c == ' ' || c == '\t') && !quoted) {
        if (word != null) {
          out.add(word.toString());
          word = null;
        }
      } else {
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    if (word != null) {
      out.add(word.toString());
    }
    return out;
  }
}
