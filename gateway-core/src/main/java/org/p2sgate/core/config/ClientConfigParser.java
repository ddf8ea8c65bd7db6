package org.p2sgate.core.config;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one client-config-dir file: the client-specific directives of the reference that p2sgate
 * has ({@code push}, {@code push-reset}, {@code push-remove}, {@code ifconfig-push}, {@code
 * disable}); anything else, {@code iroute} included, is refused with the file and line. Pure: text
 * in, {@link ClientConfig} out.
 */
public final class ClientConfigParser {
  /** Larger files are refused unread: a client file holds a few lines. */
  public static final int MAX_BYTES = 64 * 1024;

  private ClientConfigParser() {}

  /**
   * @param text the file's content
   * @param file how messages name the file
   * @throws ConfigException naming the file and line of the first directive that is wrong
   */
  public static ClientConfig parse(String text, String file) throws ConfigException {
    Inet4Address address = null;
    Inet4Address netmask = null;
    String addressAt = null;
    List<PushEdit> edits = new ArrayList<>();
    boolean disabled = false;
    for (OvpnDirective d : OvpnLexer.lex(text, file)) {
      Where at = Where.line(file, d.line());
      if (d.isInline()) {
        throw at.error("inline block <" + d.name() + "> in a client-config-dir file");
      }
      switch (d.name()) {
        case "push" -> {
          arity(d, at, 1);
          edits.add(new PushEdit.Push(pushed(d.arg(0), at)));
        }
        case "push-reset" -> {
          arity(d, at, 0);
          edits.add(new PushEdit.Reset());
        }
        case "push-remove" -> {
          arity(d, at, 1);
          edits.add(new PushEdit.Remove(removed(d.arg(0), at)));
        }
        case "ifconfig-push" -> {
          if (d.args().size() == 3) {
            throw at.error("'ifconfig-push' with a third (alias) address is not supported");
          }
          arity(d, at, 2);
          address = ipv4(d.arg(0), at, "address");
          netmask = ipv4(d.arg(1), at, "netmask");
          addressAt = at.toString();
        }
        case "disable" -> {
          arity(d, at, 0);
          disabled = true;
        }
        case "iroute", "iroute-ipv6" ->
            throw at.error(
                "'"
                    + d.name()
                    + "' is not supported: p2sgate routes no networks behind a client"
                    + " (site-to-site); remove it");
        case "ifconfig-ipv6-push" ->
            throw at.error(
                "'ifconfig-ipv6-push' is not supported: a client's IPv6 address follows its IPv4"
                    + " address (set that with ifconfig-push)");
        default ->
            throw at.error(
                "'"
                    + d.name()
                    + "' is not supported in a client-config-dir file (p2sgate reads push,"
                    + " push-reset, push-remove, ifconfig-push and disable)");
      }
    }
    return new ClientConfig(file, address, netmask, addressAt, edits, disabled);
  }

  private static void arity(OvpnDirective d, Where at, int n) throws ConfigException {
    if (d.args().size() != n) {
      throw at.error(
          "'"
              + d.name()
              + "' takes "
              + (n == 0 ? "no arguments" : n + (n == 1 ? " argument" : " arguments"))
              + ", got "
              + d.args().size());
    }
  }

  /** An option as {@code push} in server.conf takes it (one line of the PUSH_REPLY). */
  private static String pushed(String option, Where at) throws ConfigException {
    if (option.isBlank() || option.length() > 255 || option.indexOf(',') >= 0) {
      throw at.error("'push' needs one option of 1 to 255 characters without commas");
    }
    return option;
  }

  private static String removed(String prefix, Where at) throws ConfigException {
    if (prefix.equals("ifconfig") || prefix.equals("ifconfig-ipv6")) {
      throw at.error(
          "'push-remove "
              + prefix
              + "' is not supported: the client needs the address it is given");
    }
    if (prefix.isEmpty()) {
      throw at.error("'push-remove' needs the start of the options to remove, e.g. route");
    }
    return prefix;
  }

  private static Inet4Address ipv4(String text, Where at, String what) throws ConfigException {
    try {
      return Ipv4.parse(text);
    } catch (ValueException e) {
      throw at.error("'ifconfig-push' " + what + ": " + e.getMessage());
    }
  }
}
