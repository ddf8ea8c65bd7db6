package org.p2sgate.core.management;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.session.SessionInfo;

/** One management connection in memory: password, replies, and what the gateway is told. */
class ManagementConsoleTest {
  static final String TITLE = "p2sgate 1.0 x86_64-linux [SSL (BouncyCastle)] [AEAD]";
  static final String BANNER =
      ">INFO:OpenVPN Management Interface Version 5 -- type 'help' for more info\r\n";

  final FakeGateway gw = new FakeGateway().withTwo();

  static ManagementHost host(FakeGateway gw, String password) {
    return new ManagementHost(
        gw,
        TITLE,
        4242,
        2,
        ZoneId.of("UTC"),
        () -> 1_796_190_255_000L,
        1_796_190_000_000L,
        "10.8.0.1",
        new java.net.InetSocketAddress("198.18.0.1", 1194),
        () -> 5501,
        () -> 5363,
        password);
  }

  static ManagementConsole.Reply send(ManagementConsole c, String line) {
    return c.onLine(line).join();
  }

  @Test
  void withoutPasswordTheBannerComesFirst() {
    ManagementConsole c = new ManagementConsole(host(gw, null));
    assertEquals(BANNER, c.greeting());
    assertTrue(c.authenticated());
  }

  @Test
  void passwordPromptHasNoLineEndAndTheRightOneGetsTheBanner() {
    ManagementConsole c = new ManagementConsole(host(gw, "pw"));
    assertEquals("ENTER PASSWORD:", c.greeting());
    ManagementConsole.Reply ok = send(c, "pw");
    assertEquals("SUCCESS: password is correct\r\n" + BANNER, ok.text());
    assertFalse(ok.close());
    assertEquals("SUCCESS: pid=4242\r\n", send(c, "pid").text());
  }

  @Test
  void wrongPasswordsArePromptedAgainAndTheThirdCloses() {
    ManagementConsole c = new ManagementConsole(host(gw, "pw"));
    ManagementConsole.Reply first = send(c, "status 2");
    assertEquals("ENTER PASSWORD:", first.text(), "no command before the password");
    assertFalse(first.close());
    assertEquals("ENTER PASSWORD:", send(c, "PW").text());
    ManagementConsole.Reply third = send(c, "pw ");
    assertTrue(third.close() && third.refused());
    assertEquals("", third.text());
    assertFalse(c.authenticated());
    assertTrue(gw.told.isEmpty());
  }

  @Test
  void statusUsesTheConfiguredVersionOrTheGivenOne() {
    ManagementConsole c = new ManagementConsole(host(gw, null));
    String v2 = send(c, "status").text();
    assertTrue(v2.startsWith("TITLE," + TITLE + "\r\nTIME,2026-12-02 05:44:15,1796190255\r\n"), v2);
    assertTrue(v2.contains("\r\nCLIENT_LIST,alice,198.18.0.2:45899,10.8.0.2,,100,200,"), v2);
    assertTrue(v2.endsWith("\r\nEND\r\n"), v2);
    String v3 = send(c, "status 3").text();
    assertTrue(v3.contains("\r\nCLIENT_LIST\tbob\t198.18.0.2:54955\t10.8.0.3\t\t100\t200\t"), v3);
    assertTrue(send(c, "status 1").text().startsWith("OpenVPN CLIENT LIST\r\nUpdated,"));
    assertEquals("ERROR: bad status format version number\r\n", send(c, "status 7").text());
  }

  @Test
  void killByCommonNameAndByAddressTellTheClientToReconnect() {
    ManagementConsole c = new ManagementConsole(host(gw, null));
    assertEquals(
        "SUCCESS: common name 'alice' found, 1 client(s) killed\r\n", send(c, "kill alice").text());
    assertEquals(List.of("alice RESTART"), gw.told);
    assertEquals("ERROR: common name 'alice' not found\r\n", send(c, "kill alice").text());
    assertEquals(
        "SUCCESS: 1 client(s) at address 198.18.0.2:54955 killed\r\n",
        send(c, "kill 198.18.0.2:54955").text());
    assertEquals(
        "ERROR: client at address 198.18.0.2:54955 not found\r\n",
        send(c, "kill 198.18.0.2:54955").text());
    assertEquals(List.of("alice RESTART", "bob RESTART"), gw.told);
  }

  @Test
  void clientKillByCidWithRestartOrHalt() {
    ManagementConsole c = new ManagementConsole(host(gw, null));
    assertEquals(
        "SUCCESS: client-kill command succeeded\r\n", send(c, "client-kill 1 HALT").text());
    assertEquals(List.of("bob HALT"), gw.told);
    assertEquals("ERROR: client-kill command failed\r\n", send(c, "client-kill 1").text());
    assertEquals("SUCCESS: client-kill command succeeded\r\n", send(c, "client-kill 0").text());
    assertEquals(List.of("bob HALT", "alice RESTART"), gw.told);
  }

  @Test
  void loadStatsVersionHelpStateAndQuit() {
    ManagementConsole c = new ManagementConsole(host(gw, null));
    assertEquals(
        "SUCCESS: nclients=2,bytesin=5501,bytesout=5363\r\n", send(c, "load-stats").text());
    assertEquals("SUCCESS: nclients=2\r\n", send(c, "nclients").text());
    assertEquals(
        "OpenVPN Version: " + TITLE + "\r\nManagement Version: 5\r\nEND\r\n",
        send(c, "version").text());
    String help = send(c, "help").text();
    assertTrue(help.startsWith("Management Interface for " + TITLE + "\r\nCommands:\r\n"), help);
    assertTrue(help.endsWith("\r\nEND\r\n"), help);
    assertEquals(
        "1796190000,CONNECTED,SUCCESS,10.8.0.1,,,198.18.0.1,1194\r\nEND\r\n",
        send(c, "state").text());
    assertEquals("", send(c, "").text(), "an empty line: no answer");
    assertEquals(
        "ERROR: unknown command, enter 'help' for more options\r\n", send(c, "frobnicate").text());
    ManagementConsole.Reply quit = send(c, "quit");
    assertTrue(quit.close() && !quit.refused());
  }

  @Test
  void aGatewayThatFailsGivesAnErrorLine() {
    FakeGateway broken =
        new FakeGateway() {
          @Override
          public synchronized CompletableFuture<List<SessionInfo>> sessions() {
            return CompletableFuture.failedFuture(new IllegalStateException("stopped"));
          }
        };
    ManagementConsole c = new ManagementConsole(host(broken, null));
    assertEquals("ERROR: the gateway did not answer\r\n", send(c, "status 2").text());
  }
}
