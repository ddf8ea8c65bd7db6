package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OpenVPN's status file and management interface, our gateway against the real openvpn 2.6 server
 * as the reference: both read the same server.conf ({@code status FILE 1}, {@code status-version 2}
 * then {@code 3}, {@code management 127.0.0.1 7505 PWFILE}) and serve the same two real clients
 * (CNs client01 and client02). The status files and the management replies ({@code status 1/2/3},
 * {@code load-stats}, {@code version}, {@code pid}, {@code help}, {@code state}, errors, the
 * password prompt and three wrong passwords, {@code quit}) are compared structurally: the same
 * section headers, the same column header lines verbatim, the same number of fields per line, the
 * same rows for the same clients, one time format. Then {@code kill CN}, {@code client-kill CID}
 * and {@code kill IP:port} on our gateway: the same replies as the reference gave, and each real
 * client so killed reconnects into a new session.
 */
@Tag("netns")
class StatusCompatIT {
  static final int MGMT_PORT = 7505;
  static final String PASSWORD = "Mgmt-pw-7f3a9c";
  static final String CONNECTED = "Initialization Sequence Completed";
  static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
  static final Pattern TITLE = Pattern.compile("\\S+ \\d+\\.\\d+\\S* \\S+( \\[[^\\]]+\\])+");
  static final Pattern REAL_ADDRESS = Pattern.compile("198\\.18\\.0\\.2:\\d{1,5}");
  static final Pattern LOAD_STATS =
      Pattern.compile("SUCCESS: nclients=2,bytesin=(\\d+),bytesout=(\\d+)");
  static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  /** The management session's replies, as one server gave them. */
  record Transcript(
      String greeting,
      boolean wrongPasswordsClosed,
      String wrongPasswordsOutput,
      List<String> status1,
      List<String> status2,
      List<String> status3,
      String loadStats,
      List<String> version,
      String pid,
      List<String> help,
      List<String> state,
      List<String> errors,
      boolean quitCloses) {}

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void statusFilesAndManagementRepliesAsTheRealServerGivesThem() throws Exception {
    long started = System.currentTimeMillis();
    try (Testbed bed = new Testbed(2)) {
      Files.writeString(bed.dir.resolve("mgmt.pw"), PASSWORD + "\n");
      List<OpenVpnClient> clients = new ArrayList<>();
      try {
        // the reference: the real server, status-version 2
        Process real = startReal(bed, "real-v2", 2);
        for (int i = 1; i <= 2; i++) {
          clients.add(
              new OpenVpnClient(
                      bed,
                      i,
                      "udp",
                      "tls-crypt",
                      String.format("client%02d", i),
                      List.of("route-noexec"))
                  .start());
        }
        for (OpenVpnClient c : clients) {
          c.awaitUp();
        }
        List<String> realV2 = awaitStatus(bed, "real-v2", ',', clients);
        Transcript realT = transcript(bed, real);
        String realClientKill;
        try (ServerManagement m = login(bed)) {
          realClientKill = m.line("client-kill " + clientId(realT.status2(), ',', "client02"));
        }
        Testbed.stop(real, 5000);

        // the reference, status-version 3; then kill by name and by address
        int[] before = connections(clients);
        real = startReal(bed, "real-v3", 3);
        awaitReconnect(clients, before, 30_000);
        List<String> realV3 = awaitStatus(bed, "real-v3", '\t', clients);
        String realKillByName;
        String realKillByAddress;
        try (ServerManagement m = login(bed)) {
          realKillByName = m.line("kill client01");
          realKillByAddress = m.line("kill " + realAddress(realV3, '\t', "client02"));
        }
        Testbed.stop(real, 5000);
        System.out.println("reference captured after " + seconds(started) + " s");

        // ours, the same server.conf with status-version 2
        before = connections(clients);
        GatewayUnderTest ours =
            new GatewayUnderTest(bed, "ours-v2", "udp", "tls-crypt", List.of())
                .conf(serverConf(bed, "ours-v2", 2));
        ours.start();
        bed.awaitListening("tcp", MGMT_PORT, ours.process, ours.log);
        awaitReconnect(clients, before, 40_000);
        List<String> oursV2 = awaitStatus(bed, "ours-v2", ',', clients);
        assertSameStatus(realV2, oursV2, ',', "status file, version 2");
        Transcript oursT = transcript(bed, ours.process);
        compare(realT, oursT);
        killAndReconnect(bed, clients, realClientKill, realKillByName, realKillByAddress);
        assertFalse(ours.log().contains(PASSWORD), "the management password reached the log");
        assertTrue(ours.stop(), "our gateway did not stop within 5 s");

        // ours, status-version 3
        before = connections(clients);
        ours =
            new GatewayUnderTest(bed, "ours-v3", "udp", "tls-crypt", List.of())
                .conf(serverConf(bed, "ours-v3", 3));
        ours.start();
        bed.awaitListening("tcp", MGMT_PORT, ours.process, ours.log);
        awaitReconnect(clients, before, 30_000);
        List<String> oursV3 = awaitStatus(bed, "ours-v3", '\t', clients);
        assertSameStatus(realV3, oursV3, '\t', "status file, version 3");
        assertTrue(
            Files.getPosixFilePermissions(bed.dir.resolve("status-ours-v3.txt"))
                .toString()
                .equals("[OWNER_READ, OWNER_WRITE]"),
            "the status file is 0600, as the reference makes it");
        ours.stop();
        System.out.println("StatusCompatIT done after " + seconds(started) + " s");
      } finally {
        for (OpenVpnClient c : clients) {
          c.stop();
        }
      }
    }
  }

  // ---- the servers

  /** One server.conf for the real server and ours. */
  static List<String> serverConf(Testbed bed, String name, int version) {
    Pki pki = bed.pki;
    return List.of(
        "dev tun-gw",
        "dev-type tun",
        "proto udp",
        "local " + Testbed.GW_IP,
        "port 1194",
        "server 10.8.0.0 255.255.255.0",
        "topology subnet",
        "ca " + pki.file("ca.crt"),
        "cert " + pki.file("server.crt"),
        "key " + pki.file("server.key"),
        "dh none",
        "tls-crypt " + pki.file("tc.key"),
        "data-ciphers AES-256-GCM",
        "disable-dco",
        "keepalive 2 10",
        "explicit-exit-notify 1",
        "push \"route 198.18.1.0 255.255.255.0\"",
        "status " + bed.dir.resolve("status-" + name + ".txt") + " 1",
        "status-version " + version,
        "management 127.0.0.1 " + MGMT_PORT + " " + bed.dir.resolve("mgmt.pw"),
        "verb 3");
  }

  static Process startReal(Testbed bed, String name, int version) throws Exception {
    Path conf = bed.dir.resolve(name + ".conf");
    Files.write(conf, serverConf(bed, name, version));
    Path log = bed.dir.resolve(name + ".log");
    Process p = bed.start(bed.gateway, log, "openvpn", "--config", conf.toString());
    bed.awaitListening("udp", 1194, p, log);
    bed.awaitListening("tcp", MGMT_PORT, p, log);
    return p;
  }

  // ---- the clients

  static int[] connections(List<OpenVpnClient> clients) throws Exception {
    int[] n = new int[clients.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = OpenVpnInteropIT.count(clients.get(i).log(), CONNECTED);
    }
    return n;
  }

  static void awaitReconnect(List<OpenVpnClient> clients, int[] before, long timeoutMs)
      throws Exception {
    for (int i = 0; i < clients.size(); i++) {
      awaitReconnect(clients.get(i), before[i], timeoutMs);
    }
  }

  /** Waits for a connection after the {@code before} ones and a ping through it. */
  static void awaitReconnect(OpenVpnClient c, int before, long timeoutMs) throws Exception {
    c.awaitConnections(before + 1, timeoutMs);
    for (int i = 0; i < 20; i++) {
      String ip = tunnelIp(c);
      if (!ip.isEmpty()) {
        routeThroughTunnel(c, ip);
        if (c.ping()) {
          return;
        }
      }
      Thread.sleep(250);
    }
    fail(c.name + " reconnected but no ping went through:\n" + Testbed.tail(c.log, 20));
  }

  /**
   * Both clients share one namespace, so each reaches the private network by a rule for its own
   * tunnel address (as {@link OpenVpnClient#awaitUp} sets up), set again after a reconnect: the new
   * TUN device has lost the old route, and the address may have changed.
   */
  static void routeThroughTunnel(OpenVpnClient c, String ip) {
    String table = String.valueOf(100 + Integer.parseInt(c.dev.substring(c.dev.length() - 2)));
    if (c.tunnelIp != null) {
      Sh.tryNs(c.bed.client, "ip", "rule", "del", "from", c.tunnelIp);
    }
    Sh.tryNs(c.bed.client, "ip", "rule", "del", "from", ip);
    Sh.tryNs(
        c.bed.client,
        "ip",
        "route",
        "replace",
        "198.18.1.0/24",
        "dev",
        c.dev,
        "src",
        ip,
        "table",
        table);
    Sh.tryNs(c.bed.client, "ip", "rule", "add", "from", ip, "lookup", table);
    c.tunnelIp = ip;
  }

  static String tunnelIp(OpenVpnClient c) {
    return Sh.tryNs(
            c.bed.client,
            "sh",
            "-c",
            "ip -4 -o addr show dev " + c.dev + " | awk '{split($4,a,\"/\"); print a[1]}'")
        .output()
        .strip();
  }

  /** CN to tunnel address, from the clients' TUN devices now. */
  static Map<String, String> addresses(List<OpenVpnClient> clients) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < clients.size(); i++) {
      m.put(String.format("client%02d", i + 1), tunnelIp(clients.get(i)));
    }
    return m;
  }

  // ---- status files

  /**
   * The status file once it lists both clients at their tunnel addresses with traffic counted both
   * ways; fails after 15 s with what it held.
   */
  static List<String> awaitStatus(Testbed bed, String name, char sep, List<OpenVpnClient> clients)
      throws Exception {
    Path file = bed.dir.resolve("status-" + name + ".txt");
    long deadline = System.currentTimeMillis() + 15_000;
    String text = "";
    while (System.currentTimeMillis() < deadline) {
      for (OpenVpnClient c : clients) {
        c.ping();
      }
      text = Files.exists(file) ? Files.readString(file) : "";
      if (text.endsWith("END\n")) {
        List<String> lines = List.of(text.split("\n"));
        Map<String, String[]> rows = rows(lines, sep, "CLIENT_LIST");
        Map<String, String> want = addresses(clients);
        boolean all = rows.keySet().equals(want.keySet());
        for (Map.Entry<String, String> e : want.entrySet()) {
          String[] r = rows.get(e.getKey());
          all &=
              r != null
                  && r[3].equals(e.getValue())
                  && Long.parseLong(r[5]) > 0
                  && Long.parseLong(r[6]) > 0;
        }
        if (all) {
          checkRows(lines, sep, want, name);
          return lines;
        }
      }
      Thread.sleep(500);
    }
    fail(name + ": the status file never listed both clients with traffic:\n" + text);
    return null;
  }

  /** The rows of a kind ({@code CLIENT_LIST}, {@code ROUTING_TABLE}) by their second field. */
  static Map<String, String[]> rows(List<String> lines, char sep, String kind) {
    Map<String, String[]> m = new TreeMap<>();
    for (String l : lines) {
      String[] f = l.split(Pattern.quote(String.valueOf(sep)), -1);
      if (f[0].equals(kind)) {
        m.put(f[1], f);
      }
    }
    return m;
  }

  /** The rows of one server: addresses, counters and times that parse and agree. */
  static void checkRows(List<String> lines, char sep, Map<String, String> want, String name) {
    Map<String, String[]> clients = rows(lines, sep, "CLIENT_LIST");
    Map<String, String[]> routes = rows(lines, sep, "ROUTING_TABLE");
    assertEquals(want.keySet(), clients.keySet(), name + ": the clients listed");
    for (Map.Entry<String, String> e : want.entrySet()) {
      String[] r = clients.get(e.getKey());
      String what = name + " " + String.join("|", r);
      assertEquals(13, r.length, what);
      assertTrue(REAL_ADDRESS.matcher(r[2]).matches(), what);
      assertEquals(e.getValue(), r[3], what);
      assertEquals("", r[4], what);
      assertTime(r[7], r[8], what);
      assertEquals("UNDEF", r[9], what);
      assertTrue(r[10].matches("\\d+") && r[11].matches("\\d+"), what);
      assertEquals("AES-256-GCM", r[12], what);
      String[] route = routes.get(e.getValue());
      assertTrue(route != null, name + ": no ROUTING_TABLE row for " + e.getValue());
      assertEquals(e.getKey(), route[2], name + " route " + String.join("|", route));
      assertEquals(r[2], route[3], name + " route " + String.join("|", route));
      assertTime(route[4], route[5], name + " route");
    }
    assertNotEquals(
        clients.get("client01")[2], clients.get("client02")[2], name + ": two real addresses");
  }

  /** A time as text and as time_t: one format for both servers, and the two agree. */
  static void assertTime(String text, String timeT, String what) {
    assertTrue(TIME.matcher(text).matches(), "time '" + text + "' in " + what);
    long t = Long.parseLong(timeT);
    assertEquals(LOCAL.format(Instant.ofEpochSecond(t)), text, "time_t " + timeT + " in " + what);
    long age = System.currentTimeMillis() / 1000 - t;
    assertTrue(age >= -5 && age < 600, "time " + text + " is not recent in " + what);
  }

  /**
   * The kind of each line (its first field; a HEADER line with its section), with consecutive rows
   * of one kind counted once.
   */
  static List<String> kinds(List<String> lines, char sep) {
    List<String> k = new ArrayList<>();
    for (String l : lines) {
      String[] f = l.split(Pattern.quote(String.valueOf(sep)), -1);
      String kind = f[0].equals("HEADER") ? "HEADER " + f[1] : f[0];
      if (k.isEmpty() || !k.get(k.size() - 1).equals(kind)) {
        k.add(kind);
      }
    }
    return k;
  }

  /** Fields per line of each kind (every line of a kind must have the same number). */
  static Map<String, Integer> widths(List<String> lines, char sep, String what) {
    Map<String, Integer> w = new LinkedHashMap<>();
    for (String l : lines) {
      String[] f = l.split(Pattern.quote(String.valueOf(sep)), -1);
      String kind = f[0].equals("HEADER") ? "HEADER " + f[1] : f[0];
      Integer had = w.putIfAbsent(kind, f.length);
      assertTrue(had == null || had == f.length, what + ": uneven " + kind + " lines: " + l);
    }
    return w;
  }

  static void assertSameStatus(List<String> real, List<String> ours, char sep, String what) {
    assertEquals(kinds(real, sep), kinds(ours, sep), what + ": sections\n" + both(real, ours));
    assertEquals(widths(real, sep, what), widths(ours, sep, what), what + ": fields per line");
    assertEquals(
        real.stream().filter(l -> l.startsWith("HEADER")).toList(),
        ours.stream().filter(l -> l.startsWith("HEADER")).toList(),
        what + ": column headers");
    assertEquals(
        rows(real, sep, "GLOBAL_STATS").keySet(),
        rows(ours, sep, "GLOBAL_STATS").keySet(),
        what + ": global stats");
    for (List<String> side : List.of(real, ours)) {
      String[] title = side.get(0).split(Pattern.quote(String.valueOf(sep)), -1);
      assertTrue(TITLE.matcher(title[1]).matches(), what + ": title " + title[1]);
      String[] time = side.get(1).split(Pattern.quote(String.valueOf(sep)), -1);
      assertTime(time[1], time[2], what + " TIME");
      assertEquals("END", side.get(side.size() - 1), what);
    }
    assertEquals(
        rows(real, sep, "CLIENT_LIST").keySet(), rows(ours, sep, "CLIENT_LIST").keySet(), what);
  }

  /** Version 1: the same fixed lines, and the same number of fields in the others. */
  static void assertSameVersion1(List<String> real, List<String> ours) {
    assertEquals(fixedLines(real), fixedLines(ours), "status 1\n" + both(real, ours));
    assertEquals(real.size(), ours.size(), "status 1 lines\n" + both(real, ours));
    for (int i = 0; i < real.size(); i++) {
      assertEquals(
          real.get(i).split(",", -1).length,
          ours.get(i).split(",", -1).length,
          "status 1 fields:\n" + real.get(i) + "\n" + ours.get(i));
    }
    assertTrue(TIME.matcher(real.get(1).substring("Updated,".length())).matches(), real.get(1));
    assertTrue(TIME.matcher(ours.get(1).substring("Updated,".length())).matches(), ours.get(1));
  }

  private static List<String> fixedLines(List<String> v1) {
    return v1.stream()
        .filter(l -> !l.startsWith("Updated,") && !l.contains("198.18.0.2:"))
        .map(l -> l.startsWith("Max bcast") ? "Max bcast" : l)
        .toList();
  }

  // ---- the management interface

  static ServerManagement login(Testbed bed) throws Exception {
    ServerManagement m = ServerManagement.connect(bed, MGMT_PORT);
    m.until("ENTER PASSWORD:", 10_000);
    m.send(PASSWORD);
    m.until("for more info\r\n", 10_000);
    return m;
  }

  static Transcript transcript(Testbed bed, Process server) throws Exception {
    boolean wrongClosed;
    String wrongOutput;
    try (ServerManagement m = ServerManagement.connect(bed, MGMT_PORT)) {
      StringBuilder out = new StringBuilder(m.until("ENTER PASSWORD:", 10_000));
      for (String wrong : List.of("nope", PASSWORD + "x")) {
        m.send(wrong);
        out.append(m.until("ENTER PASSWORD:", 10_000));
      }
      m.send("status 2"); // the third wrong password
      wrongClosed = m.closedWithin(5_000);
      wrongOutput = out + m.rest();
    }
    try (ServerManagement m = ServerManagement.connect(bed, MGMT_PORT)) {
      m.until("ENTER PASSWORD:", 10_000);
      m.send(PASSWORD);
      String greeting = m.until("for more info\r\n", 10_000);
      List<String> status1 = m.block("status 1");
      List<String> status2 = m.block("status 2");
      List<String> status3 = m.block("status 3");
      String loadStats = m.line("load-stats");
      List<String> version = m.block("version");
      String pid = m.line("pid");
      List<String> help = m.block("help");
      List<String> state = m.block("state");
      List<String> errors = new ArrayList<>();
      m.send(""); // no answer: the next line answers the next command
      for (String bad :
          List.of(
              "frobnicate",
              "kill nosuch",
              "kill 198.18.0.2:1",
              "client-kill 999999",
              "client-kill x",
              "kill",
              "status 9")) {
        errors.add(m.line(bad));
      }
      m.send("quit");
      boolean quitCloses = m.closedWithin(5_000);
      assertEquals("SUCCESS: pid=" + server.pid(), pid, "the pid of the server's process");
      return new Transcript(
          greeting,
          wrongClosed,
          wrongOutput,
          status1,
          status2,
          status3,
          loadStats,
          version,
          pid,
          help,
          state,
          errors,
          quitCloses);
    }
  }

  static void compare(Transcript real, Transcript ours) {
    System.out.println("reference management:\n" + real + "\nours:\n" + ours);
    assertEquals(real.greeting(), ours.greeting(), "password accepted and the banner");
    assertTrue(real.wrongPasswordsClosed(), "the reference closes after three wrong passwords");
    assertTrue(ours.wrongPasswordsClosed(), "ours closes after three wrong passwords");
    assertEquals("ENTER PASSWORD:".repeat(3), real.wrongPasswordsOutput());
    assertEquals(real.wrongPasswordsOutput(), ours.wrongPasswordsOutput());
    assertSameVersion1(real.status1(), ours.status1());
    assertSameStatus(real.status2(), ours.status2(), ',', "management status 2");
    assertSameStatus(real.status3(), ours.status3(), '\t', "management status 3");
    for (Transcript t : List.of(real, ours)) {
      Matcher m = LOAD_STATS.matcher(t.loadStats());
      assertTrue(m.matches(), t.loadStats());
      assertTrue(Long.parseLong(m.group(1)) > 0 && Long.parseLong(m.group(2)) > 0, t.loadStats());
      assertEquals(3, t.version().size(), t.version().toString());
      String title = t.status2().get(0).substring("TITLE,".length());
      assertEquals("OpenVPN Version: " + title, t.version().get(0));
      assertEquals("Commands:", t.help().get(1));
      assertEquals("Management Interface for " + title, t.help().get(0));
      assertEquals("END", t.help().get(t.help().size() - 1));
      assertEquals("END", t.state().get(t.state().size() - 1));
      assertTrue(t.quitCloses(), "quit closes the connection");
    }
    assertEquals(real.version().subList(1, 3), ours.version().subList(1, 3));
    assertEquals(real.errors(), ours.errors(), "error replies");
    // help: our lines are the reference's (a few reworded for what p2sgate does), same layout
    List<String> refCommands = real.help().stream().map(StatusCompatIT::command).toList();
    int verbatim = 0;
    for (String line : ours.help().subList(2, ours.help().size() - 1)) {
      if (real.help().contains(line)) {
        verbatim++;
      } else if (!line.startsWith(" ")) {
        assertTrue(refCommands.contains(command(line)), "not a reference command: " + line);
        assertEquals(
            ':', line.charAt(23), "the reference's layout (': ' at column 24): '" + line + "'");
      }
    }
    assertTrue(verbatim >= 7, "help lines verbatim from the reference: " + verbatim);
    // state: one CONNECTED entry, shaped alike
    String[] refState = real.state().get(0).split(",", -1);
    String[] ourState = ours.state().get(0).split(",", -1);
    assertEquals(refState.length, ourState.length, real.state() + " / " + ours.state());
    assertEquals(
        List.of(refState).subList(1, refState.length),
        List.of(ourState).subList(1, ourState.length),
        "state after the time");
    assertTime(
        LOCAL.format(Instant.ofEpochSecond(Long.parseLong(ourState[0]))), ourState[0], "state");
  }

  /** The first word of a help line ({@code kill cn} gives {@code kill}). */
  private static String command(String helpLine) {
    return helpLine.strip().split("[ |]", 2)[0];
  }

  // ---- kills on our gateway

  static void killAndReconnect(
      Testbed bed,
      List<OpenVpnClient> clients,
      String realClientKill,
      String realKillByName,
      String realKillByAddress)
      throws Exception {
    OpenVpnClient one = clients.get(0);
    OpenVpnClient two = clients.get(1);
    try (ServerManagement m = login(bed)) {
      List<String> status = m.block("status 2");
      String oldCid1 = clientId(status, ',', "client01");
      String oldCid2 = clientId(status, ',', "client02");

      int n1 = OpenVpnInteropIT.count(one.log(), CONNECTED);
      assertEquals(realKillByName, m.line("kill client01"), "kill CN: the reference's reply");
      awaitReconnect(one, n1, 20_000);
      status = awaitTwoRows(m);
      assertNotEquals(oldCid1, clientId(status, ',', "client01"), "client01 is a new session");

      int n2 = OpenVpnInteropIT.count(two.log(), CONNECTED);
      assertEquals(realClientKill, m.line("client-kill " + oldCid2), "client-kill: the reply");
      awaitReconnect(two, n2, 20_000);
      status = awaitTwoRows(m);
      assertNotEquals(oldCid2, clientId(status, ',', "client02"), "client02 is a new session");

      n1 = OpenVpnInteropIT.count(one.log(), CONNECTED);
      String at = realAddress(status, ',', "client01");
      String reply = m.line("kill " + at);
      assertEquals(realKillByAddress.replaceAll("198\\.18\\.0\\.2:\\d+", at), reply);
      awaitReconnect(one, n1, 20_000);
      status = awaitTwoRows(m);
      assertNotEquals(at, realAddress(status, ',', "client01"), "a new session, a new port");
      // the addresses were freed: each client has one again, and only one session each
      checkRows(status, ',', addresses(clients), "after the kills");
      assertTrue(LOAD_STATS.matcher(m.line("load-stats")).matches());
    }
  }

  /** {@code status 2} once it lists exactly the two clients again. */
  static List<String> awaitTwoRows(ServerManagement m) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    List<String> status = List.of();
    while (System.currentTimeMillis() < deadline) {
      status = m.block("status 2");
      if (rows(status, ',', "CLIENT_LIST").size() == 2
          && status.stream().filter(l -> l.startsWith("CLIENT_LIST,")).count() == 2) {
        return status;
      }
      Thread.sleep(200);
    }
    fail("status never listed the two clients again:\n" + String.join("\n", status));
    return null;
  }

  static String clientId(List<String> status, char sep, String cn) {
    return rows(status, sep, "CLIENT_LIST").get(cn)[10];
  }

  static String realAddress(List<String> status, char sep, String cn) {
    return rows(status, sep, "CLIENT_LIST").get(cn)[2];
  }

  private static String both(List<String> real, List<String> ours) {
    return "reference:\n" + String.join("\n", real) + "\nours:\n" + String.join("\n", ours);
  }

  private static long seconds(long sinceMs) {
    return (System.currentTimeMillis() - sinceMs) / 1000;
  }
}
