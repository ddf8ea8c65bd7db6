package org.p2sgate.core.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Management lines to commands, bad lines included; the parser never throws. */
class CommandParserTest {
  static Command p(String line) {
    return CommandParser.parse(line);
  }

  static String error(String line) {
    return assertInstanceOf(Command.Invalid.class, p(line)).reply();
  }

  @Test
  void theCommandsToolsUse() {
    assertEquals(new Command.Status(0), p("status"));
    assertEquals(new Command.Status(2), p("status 2"));
    assertEquals(new Command.Status(3), p("  status\t3  "));
    assertEquals(new Command.Status(0), p("status x"), "atoi: no number is 0, the default");
    assertEquals(new Command.LoadStats(), p("load-stats"));
    assertEquals(new Command.Version(), p("version"));
    assertEquals(new Command.ClientVersion("3"), p("version 3"));
    assertEquals(new Command.Pid(), p("pid"));
    assertEquals(new Command.Help(), p("help"));
    assertEquals(new Command.Quit(), p("quit"));
    assertEquals(new Command.Quit(), p("exit"));
    assertEquals(new Command.NClients(), p("nclients"));
    assertEquals(new Command.State(), p("state"));
    assertEquals(new Command.State(), p("state all"));
    assertEquals(new Command.State(), p("state 5"));
  }

  @Test
  void killByNameOrAddressAsTheReference26ReadsIt() {
    assertEquals(new Command.KillByName("alice"), p("kill alice"));
    assertEquals(new Command.KillByName("two words"), p("kill \"two words\""));
    assertEquals(new Command.KillByName("a b"), p("kill a\\ b"));
    assertEquals(new Command.KillByName("alice"), p("kill alice:"));
    assertEquals(new Command.KillByAddress("198.18.0.2", 54955), p("kill 198.18.0.2:54955"));
    assertEquals("ERROR: error parsing IP address: udp", error("kill udp:198.18.0.2:1"));
    assertEquals("ERROR: error parsing IP address: host", error("kill host:1194"));
    assertEquals("ERROR: port number out of range: 0", error("kill 198.18.0.2:0"));
    assertEquals("ERROR: port number out of range: 65536", error("kill 198.18.0.2:65536"));
    assertEquals("ERROR: port number out of range: 9x", error("kill 198.18.0.2:9x"));
    assertEquals("ERROR: kill parse", error("kill :1194"));
    assertEquals("ERROR: the 'kill' command requires 1 parameter", error("kill"));
  }

  @Test
  void clientKill() {
    assertEquals(new Command.ClientKill(7, false), p("client-kill 7"));
    assertEquals(new Command.ClientKill(7, false), p("client-kill 7 RESTART"));
    assertEquals(new Command.ClientKill(7, true), p("client-kill 7 HALT"));
    assertEquals("ERROR: cannot parse CID", error("client-kill abc"));
    assertEquals("ERROR: cannot parse CID", error("client-kill -1"));
    assertEquals("ERROR: cannot parse CID", error("client-kill 99999999999999999999"));
    assertEquals(
        "ERROR: p2sgate's client-kill message is RESTART (default) or HALT",
        error("client-kill 7 RESTART,[N]"));
    assertEquals(
        "ERROR: the 'client-kill' command requires at least 1 parameter", error("client-kill"));
  }

  @Test
  void badLines() {
    assertEquals(new Command.Empty(), p(""));
    assertEquals(new Command.Empty(), p("  \t "));
    assertEquals(CommandParser.UNKNOWN, error("foo"));
    assertEquals(CommandParser.UNKNOWN, error("état"), "non-ASCII: an unknown command");
    assertEquals(CommandParser.UNKNOWN, error("STATUS"));
    assertEquals(CommandParser.UNKNOWN, error("\uFFFD\uFFFD"), "malformed UTF-8, replaced");
    assertEquals(
        "ERROR: The 'signal' command is not supported by the current daemon mode",
        error("signal SIGTERM"));
    assertEquals("ERROR: bad status format version number", error("status 4"));
    assertEquals("ERROR: line too long (at most 1024 bytes)", error("status " + "9".repeat(1100)));
    assertEquals("ERROR: control characters in the command line", error("status\u0000 2"));
    assertEquals("ERROR: control characters in the command line", error("kill \u001b[31m"));
    assertEquals("ERROR: no closing quotation (\") in the command line", error("kill \"alice"));
    assertEquals("ERROR: too many parameters (at most 16)", error("kill" + " x".repeat(16)));
    assertEquals("ERROR: real-time state notification is not supported", error("state on"));
  }

  @Test
  void theUnknownCommandReplyNeverRepeatsTheLine() {
    assertEquals(CommandParser.UNKNOWN, error("<script>alert(1)</script>"));
  }

  @Test
  void wordsAreSplitAsParseLineSplitsThem() {
    assertEquals(List.of("a", "b c", "d\"e"), CommandParser.words("a \"b c\" d\\\"e"));
    assertEquals(List.of("x\\"), CommandParser.words("x\\"), "a last backslash is kept");
    assertNull(CommandParser.words("\"open"));
  }

  @Test
  void randomLinesNeverThrow() {
    Random r = new Random(2026);
    int invalid = 0;
    for (int i = 0; i < 20_000; i++) {
      char[] c = new char[r.nextInt(40)];
      for (int j = 0; j < c.length; j++) {
        c[j] = (char) (r.nextBoolean() ? r.nextInt(128) : r.nextInt(0x3000));
      }
      String prefix = List.of("", "kill ", "client-kill ", "status ").get(r.nextInt(4));
      Command cmd = p(prefix + new String(c));
      if (cmd instanceof Command.Invalid) {
        invalid++;
      }
    }
    // most random lines are refused, each with an ERROR: line (checked by Invalid's constructor)
    assertEquals(true, invalid > 5_000, "invalid: " + invalid);
  }
}
