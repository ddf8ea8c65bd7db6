package org.p2sgate.core.management;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Lines from a channel, each at most {@link CommandParser#MAX_LINE} bytes: a longer line is read to
 * its end and discarded (reported as too long), so no peer can make it buffer more. A line ends at
 * LF; a CR before it is dropped. Bytes are decoded as UTF-8, malformed ones replaced.
 */
final class LineReader {
  /**
   * One line.
   *
   * @param text the line without its end (empty when too long)
   * @param tooLong whether it was longer than allowed and discarded
   */
  record Line(String text, boolean tooLong) {}

  private final ReadableByteChannel in;
  private final ByteBuffer buf = ByteBuffer.allocate(4096).flip();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean discarding;

  LineReader(ReadableByteChannel in) {
    this.in = in;
  }

  /** The next line, or {@code null} at the end of the stream (a last unended line is dropped). */
  Line next() throws IOException {
    while (true) {
      while (buf.hasRemaining()) {
        byte b = buf.get();
        if (b == '\n') {
          return finish();
        }
        if (discarding) {
          continue;
        }
        if (line.size() >= CommandParser.MAX_LINE) {
          discarding = true;
          line.reset();
        } else {
          line.write(b);
        }
      }
      buf.clear();
      int n = in.read(buf);
      buf.flip();
      if (n < 0) {
        return null;
      }
    }
  }

  private Line finish() {
    if (discarding) {
      discarding = false;
      line.reset();
      return new Line("", true);
    }
    byte[] bytes = line.toByteArray();
    line.reset();
    int len = bytes.length;
    if (len > 0 && bytes[len - 1] == '\r') {
      len--;
    }
    return new Line(new String(bytes, 0, len, StandardCharsets.UTF_8), false);
  }
}
