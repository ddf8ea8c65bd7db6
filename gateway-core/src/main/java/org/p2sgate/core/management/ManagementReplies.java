package org.p2sgate.core.management;

import java.util.ArrayList;
import java.util.List;

/** The fixed texts of the management interface, as the reference words them. */
final class ManagementReplies {
  /** The reference's {@code MANAGEMENT_VERSION}. */
  static final int MANAGEMENT_VERSION = 5;

  static final String BANNER =
      ">INFO:OpenVPN Management Interface Version "
          + MANAGEMENT_VERSION
          + " -- type 'help' for more info";

  /** Sent without a line end, as the reference sends it. */
  static final String PASSWORD_PROMPT = "ENTER PASSWORD:";

  static final String PASSWORD_OK = "SUCCESS: password is correct";

  private ManagementReplies() {}

  /** {@code help}: the reference's lines for the commands p2sgate carries out. */
  static List<String> help(String title) {
    List<String> out = new ArrayList<>();
    out.add("Management Interface for " + title);
    out.add("Commands:");
    out.add("exit|quit              : Close management session.");
    out.add("help                   : Print this message.");
    out.add("kill cn                : Kill the client instance(s) having common name cn.");
    out.add("kill IP:port           : Kill the client instance connecting from IP:port.");
    out.add("load-stats             : Show global server load stats.");
    out.add("pid                    : Show process ID of the current OpenVPN process.");
    out.add("client-kill CID [M]    : Kill client instance CID with message M (def=RESTART)");
    out.add("                         M = RESTART (the client reconnects) or HALT (it stops).");
    out.add("state [N|all]          : Show state history.");
    out.add("status [n]             : Show current daemon status info using format #n.");
    out.add("version                : Show current version of daemon.");
    out.add("END");
    return out;
  }

  /** {@code version}. */
  static List<String> version(String title) {
    return List.of("OpenVPN Version: " + title, "Management Version: " + MANAGEMENT_VERSION, "END");
  }
}
