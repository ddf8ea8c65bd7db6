package org.p2sgate.core.observe;

/** Text from a peer (usernames, peer-info), made safe for one log line. */
public final class LogText {
  private static final int MAX = 128;

  private LogText() {}

  /** {@code text} with control characters as '?', at most 128 characters; "-" for null. */
  public static String printable(String text) {
    if (text == null) {
      return "-";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX + 3));
    for (int i = 0; i < text.length() && i < MAX; i++) {
      char ch = text.charAt(i);
      sb.append(Character.isISOControl(ch) ? '?' : ch);
    }
    if (text.length() > MAX) {
      sb.append("...");
    }
    return sb.toString();
  }
}
