package org.p2sgate.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits OpenVPN config text into directives the way OpenVPN 2.6 does ({@code parse_line} and
 * {@code check_inline_file} in src/openvpn/options.c):
 *
 * <ul>
 *   <li>a token starting with '#' or ';' starts a comment that runs to the end of the line;
 *   <li>tokens are separated by white space; "double quotes" group words and honour backslash
 *       escapes, 'single quotes' take everything literally up to the next single quote;
 *   <li>outside single quotes a backslash may only escape a backslash, a double quote or white
 *       space (anything else is an error, as in OpenVPN, to catch unescaped Windows paths);
 *   <li>a line holding only {@code <tag>} starts an inline block that ends at the first line whose
 *       text (after leading white space) starts with {@code </tag>};
 *   <li>a leading "--" on the directive name is dropped and a UTF-8 byte order mark is skipped.
 * </ul>
 */
final class OvpnLexer {
  private enum State {
    BETWEEN,
    UNQUOTED,
    DOUBLE_QUOTED,
    SINGLE_QUOTED
  }

  private OvpnLexer() {}

  static List<OvpnDirective> lex(String text, String file) throws ConfigException {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String[] lines = text.split("\n", -1);
    List<OvpnDirective> out = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      List<String> tokens = tokens(lines[i], Where.line(file, lineNo));
      if (tokens.isEmpty()) {
        continue;
      }
      String name = tokens.get(0);
      if (name.length() >= 3 && name.startsWith("--")) {
        name = name.substring(2);
      }
      if (tokens.size() == 1 && name.length() > 2 && name.startsWith("<") && name.endsWith(">")) {
        String tag = name.substring(1, name.length() - 1);
        String close = "</" + tag + ">";
        StringBuilder body = new StringBuilder();
        int j = i + 1;
        while (j < lines.length && !lines[j].stripLeading().startsWith(close)) {
          body.append(lines[j]).append('\n');
          j++;
        }
        if (j == lines.length) {
          throw Where.line(file, lineNo).error("inline block <" + tag + "> has no " + close);
        }
        out.add(new OvpnDirective(tag, List.of(), body.toString(), lineNo));
        i = j;
      } else {
        out.add(new OvpnDirective(name, tokens.subList(1, tokens.size()), null, lineNo));
      }
    }
    return out;
  }

  /** The tokens of one line (without its line terminator). */
  static List<String> tokens(String line, Where where) throws ConfigException {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    State state = State.BETWEEN;
    boolean escaped = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (!escaped && c == '\\' && state != State.SINGLE_QUOTED) {
        escaped = true;
        continue;
      }
      boolean space = Character.isWhitespace(c);
      Character out = null;
      switch (state) {
        case BETWEEN -> {
          if (space) {
            break;
          }
          if (c == '#' || c == ';') {
            return tokens; // a comment, even right after a backslash (as in OpenVPN)
          } else if (!escaped && c == '"') {
            state = State.DOUBLE_QUOTED;
          } else if (!escaped && c == '\'') {
            state = State.SINGLE_QUOTED;
          } else {
            out = c;
            state = State.UNQUOTED;
          }
        }
        case UNQUOTED -> {
          if (!escaped && space) {
            tokens.add(token.toString());
            token.setLength(0);
            state = State.BETWEEN;
          } else {
            out = c;
          }
        }
        case DOUBLE_QUOTED -> {
          if (!escaped && c == '"') {
            tokens.add(token.toString());
            token.setLength(0);
            state = State.BETWEEN;
          } else {
            out = c;
          }
        }
        case SINGLE_QUOTED -> {
          if (c == '\'') {
            tokens.add(token.toString());
            token.setLength(0);
            state = State.BETWEEN;
          } else {
            out = c;
          }
        }
      }
      if (escaped && out != null && !(out == '\\' || out == '"' || Character.isWhitespace(out))) {
        throw where.error(
            "bad backslash ('\\') usage: a backslash may only escape \\, \" or a space;"
                + " write Windows paths with double backslashes (c:\\\\dir\\\\file.key)");
      }
      escaped = false;
      if (out != null) {
        token.append(out.charValue());
      }
    }
    switch (state) {
      case DOUBLE_QUOTED -> throw where.error("no closing quotation (\")");
      case SINGLE_QUOTED -> throw where.error("no closing single quotation (')");
      case UNQUOTED -> tokens.add(token.toString());
      case BETWEEN -> {}
    }
    if (escaped) {
      throw where.error("a backslash at the end of a line escapes nothing");
    }
    return tokens;
  }
}
