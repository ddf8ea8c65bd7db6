package org.p2sgate.core.config;

import java.util.List;

/**
 * One directive of an OpenVPN config file: its name (without a leading "--"), its arguments after
 * quote and escape processing, and for an inline block ({@code <ca>...</ca>}) the block's text.
 *
 * @param line 1-based line of the directive, or of the opening tag of an inline block
 * @param inline text between the tags, or {@code null} when the directive was not a block
 */
record OvpnDirective(String name, List<String> args, String inline, int line) {
  OvpnDirective {
    args = List.copyOf(args);
  }

  String arg(int i) {
    return args.get(i);
  }

  boolean isInline() {
    return inline != null;
  }

  /** Never prints inline blocks, which may hold keys. */
  @Override
  public String toString() {
    return "OvpnDirective["
        + name
        + " "
        + args
        + (inline == null ? "" : " <inline>")
        + " @"
        + line
        + "]";
  }
}
