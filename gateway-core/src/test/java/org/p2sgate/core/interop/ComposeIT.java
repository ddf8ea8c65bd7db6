package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/compose.yaml} as an operator starts it: {@code podman-compose up} (Debian's
 * podman-compose) brings up the gateway, FreeRADIUS with the users file's TOTP user and Prometheus
 * with the alert rules; the real openvpn client logs in with the demo profile the gateway wrote, as
 * {@code otpuser} with the password and the current TOTP code (checked by FreeRADIUS' totp module:
 * a wrong code is refused), pings through the tunnel, Prometheus holds the gateway's series and the
 * rules; then {@code down -v} removes the stack.
 *
 * <p>Network: podman-compose 1.0.3 cannot put services into an existing namespace (it always adds
 * {@code --net <project>_default}, which podman refuses beside {@code ns:}), so the stack runs on
 * its own compose network, a bridge on this machine; the test takes the default route out of every
 * service's namespace (nothing can leave the machine), publishes ports on loopback only, and joins
 * its client namespace to the bridge with a veth of its own. See docs/decisions/0018.
 */
@Tag("netns")
class ComposeIT {
  static final Path COMPOSE = Podman.ROOT.resolve("docker/compose.yaml");

  @Test
  void stackLogsInThroughFreeRadiusWithTotpAndPrometheusHasTheSeries() throws Exception {
    // RFC 6238 appendix B (SHA-1, T = 59 s): 94287082, of which the six digits are ours
    assertEquals("287082", totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59 / 30));
    Map<String, String> bases = Podman.baseImages();
    try (Testbed bed = new Testbed(0);
        Podman podman = new Podman()) {
      String project =
          "p2s" + HexFormat.of().toHexDigits((short) ThreadLocalRandom.current().nextInt());
      String image = "localhost/p2sgate:compose-" + project;
      podman.buildGatewayImage(bases.get("JRE"), image, ContainerImageIT.jarVersion());
      Path secret = bed.dir.resolve("radius.secret");
      Files.writeString(secret, HexFormat.of().formatHex(randomBytes(24)) + "\n");
      Sh.run("chmod", "0644", secret.toString()); // read by the gateway's user (uid 10001)
      List<String> env =
          List.of(
              "P2SGATE_IMAGE=" + image,
              "FREERADIUS_IMAGE=" + bases.get("FREERADIUS"),
              "PROMETHEUS_IMAGE=" + bases.get("PROMETHEUS"),
              "P2SGATE_RADIUS_SECRET_FILE=" + secret,
              "P2SGATE_PUBLIC_ADDRESS=vpn.invalid",
              "P2SGATE_PUBLISH=127.0.0.1:" + freePort(),
              "PROMETHEUS_PUBLISH=127.0.0.1:" + freePort());
      Path upLog = bed.dir.resolve("compose-up.log");
      try {
        long t0 = System.nanoTime();
        Sh.Result up = compose(env, project, 300, "up", "-d");
        Files.writeString(upLog, up.output());
        assertEquals(0, up.exit(), "podman-compose up:\n" + up.output());
        String gw = project + "_gateway_1";
        String radius = project + "_freeradius_1";
        String prometheus = project + "_prometheus_1";
        Path gwLog = bed.dir.resolve("compose-gateway.log");
        String gwId = Podman.ok(30, "podman", "inspect", "-f", "{{.Id}}", gw).strip();
        String radiusId = Podman.ok(30, "podman", "inspect", "-f", "{{.Id}}", radius).strip();
        Podman.awaitLog(gwId, gwLog, "p2sgate listening on", 60_000);
        Podman.awaitLog(
            radiusId,
            bed.dir.resolve("compose-freeradius.log"),
            "Ready to process requests",
            30_000);
        System.out.printf("compose stack up in %.1f s%n", (System.nanoTime() - t0) / 1e9);

        // nothing leaves the machine: no service keeps a default route
        for (String c : List.of(gw, radius, prometheus)) {
          String pid = Podman.ok(30, "podman", "inspect", "-f", "{{.State.Pid}}", c).strip();
          Sh.tryRun("nsenter", "-t", pid, "-n", "ip", "route", "del", "default");
          assertTrue(
              !Sh.run("nsenter", "-t", pid, "-n", "ip", "route").contains("default"),
              c + " has no default route");
        }
        // the client namespace joins the compose network's bridge
        JsonNode net = Podman.inspect("network", project + "_default");
        String bridge = net.get("network_interface").asText();
        String subnet = net.get("subnets").get(0).get("subnet").asText();
        assertTrue(subnet.matches("\\d+\\.\\d+\\.\\d+\\.0/24"), subnet);
        String clientIp = subnet.replace(".0/24", ".250");
        String hostEnd = bed.tag + "w";
        Sh.run(
            "ip",
            "link",
            "add",
            hostEnd,
            "type",
            "veth",
            "peer",
            "name",
            bed.tag + "x",
            "netns",
            bed.client);
        Sh.run("ip", "link", "set", hostEnd, "master", bridge, "up");
        Sh.ns(bed.client, "ip", "addr", "add", clientIp + "/24", "dev", bed.tag + "x");
        Sh.ns(bed.client, "ip", "link", "set", bed.tag + "x", "up");
        String gwIp = address(gw);
        String promIp = address(prometheus);

        // the profile the gateway's demo wrote to its volume, pointed at the gateway's address
        String profileText =
            Podman.ok(30, "podman", "exec", gw, "cat", "/etc/p2sgate/clients/demo.ovpn");
        assertTrue(profileText.contains("\nauth-user-pass\n"), profileText);
        assertTrue(profileText.contains("\nremote vpn.invalid 1194\n"), profileText);
        Path profile = bed.dir.resolve("compose-demo.ovpn");
        Files.writeString(
            profile,
            profileText.replace(
                "remote vpn.invalid 1194", "remote " + gwIp + " 1194\nauth-retry none"));

        // otpuser: password + the current TOTP code from the users file's secret
        String totpSecret = totpSecret();
        Path pass = bed.dir.resolve("otpuser.pass");
        String password = "otppass" + totpNow(totpSecret);
        Files.writeString(pass, "otpuser\n" + password + "\n");
        bed.secrets.add(password);
        Path clientLog = bed.dir.resolve("compose-client.log");
        Process client =
            bed.start(
                bed.client,
                clientLog,
                "openvpn",
                "--config",
                profile.toString(),
                "--auth-user-pass",
                pass.toString(),
                "--verb",
                "4");
        Testbed.awaitLog(clientLog, "Initialization Sequence Completed", client, 40_000);
        assertEquals(
            0,
            Sh.tryNs(bed.client, "ping", "-c", "3", "-W", "2", "10.8.0.1").exit(),
            "the gateway's tunnel address answers through the tunnel");
        assertTrue(
            Podman.logs(gwId, gwLog).contains("otpuser authenticated"), Testbed.tail(gwLog, 20));

        // a wrong code is refused by FreeRADIUS' totp module
        Path wrong = bed.dir.resolve("otpuser-wrong.pass");
        Files.writeString(wrong, "otpuser\notppass" + wrongCode(totpSecret) + "\n");
        Path wrongLog = bed.dir.resolve("compose-client-wrong.log");
        Process refused =
            bed.start(
                bed.client,
                wrongLog,
                "openvpn",
                "--config",
                profile.toString(),
                "--auth-user-pass",
                wrong.toString(),
                "--verb",
                "3");
        assertTrue(
            refused.waitFor(30, TimeUnit.SECONDS), "a refused client stops (auth-retry none)");
        assertTrue(Testbed.read(wrongLog).contains("AUTH_FAILED"), Testbed.tail(wrongLog, 20));

        // Prometheus scrapes the gateway (job p2sgate) and has loaded the alert rules
        String sessions = awaitQuery(bed, promIp, "p2sgate_sessions", "\"1\"]");
        assertTrue(sessions.contains("\"method\":\"certificate+radius\""), sessions);
        String rules = prometheusGet(bed, promIp, "/api/v1/rules");
        assertEquals(
            PrometheusRulesIT.alertRules(),
            OpenVpnInteropIT.count(rules, "\"type\":\"alerting\""),
            rules);
        assertTrue(!rules.contains("\"state\":\"firing\""), rules);
        Testbed.stop(client, 5000);
        Podman.logs(gwId, gwLog);
        bed.secrets.assertNoneIn(gwLog, bed.dir);
      } finally {
        Sh.Result down = compose(env, project, 120, "down", "-v");
        Sh.tryRun("podman", "network", "rm", "-f", project + "_default");
        assertEquals(0, down.exit(), "podman-compose down -v:\n" + down.output());
        String left =
            Sh.run(
                "podman",
                "ps",
                "-a",
                "-q",
                "--filter",
                "label=io.podman.compose.project=" + project);
        assertEquals("", left.strip(), "containers left by down");
        assertEquals(
            "",
            Sh.run(
                    "podman",
                    "volume",
                    "ls",
                    "-q",
                    "--filter",
                    "label=io.podman.compose.project=" + project)
                .strip(),
            "volumes left by down -v");
      }
    }
  }

  /** {@code podman-compose -p PROJECT -f docker/compose.yaml ARGS} with {@code env}, bounded. */
  private static Sh.Result compose(
      List<String> env, String project, int timeoutSecs, String... args) {
    List<String> cmd = new ArrayList<>(List.of("env"));
    cmd.addAll(env);
    cmd.addAll(List.of("podman-compose", "-p", project, "-f", COMPOSE.toString()));
    cmd.addAll(List.of(args));
    Sh.Result r = Podman.run(timeoutSecs, cmd.toArray(String[]::new));
    if (r.exit() != 0) {
      return r;
    }
    // podman-compose 1.0.3 exits 0 when a podman command inside it fails: look at its output
    boolean failed = Pattern.compile("(?m)^exit code: [1-9]").matcher(r.output()).find();
    return failed ? new Sh.Result(1, r.output()) : r;
  }

  private static String address(String container) {
    String ip =
        Podman.ok(
                30,
                "podman",
                "inspect",
                "-f",
                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                container)
            .strip();
    assertTrue(ip.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"), container + ": " + ip);
    return ip;
  }

  private static String prometheusGet(Testbed bed, String ip, String path) {
    return Sh.ns(bed.client, "curl", "-sS", "--max-time", "5", "http://" + ip + ":9090" + path);
  }

  /** Waits (30 s) until the instant query {@code q} answers with {@code expect} in it. */
  private static String awaitQuery(Testbed bed, String ip, String q, String expect)
      throws Exception {
    long deadline = System.currentTimeMillis() + 30_000;
    String last = "";
    while (System.currentTimeMillis() < deadline) {
      Sh.Result r =
          Sh.tryNs(
              bed.client,
              "curl",
              "-sS",
              "--max-time",
              "5",
              "http://" + ip + ":9090/api/v1/query?query=" + q);
      last = r.output();
      if (r.exit() == 0 && last.contains(expect)) {
        return last;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("Prometheus query " + q + " never held " + expect + ": " + last);
  }

  /** The base32 TOTP secret of otpuser in the stack's users file. */
  private static String totpSecret() throws Exception {
    String users = Files.readString(Podman.ROOT.resolve("docker/compose/freeradius/authorize"));
    Matcher m = Pattern.compile("(?m)^otpuser\\s.*TOTP-Secret := \"([A-Z2-7]+)\"").matcher(users);
    assertTrue(m.find(), "otpuser with a TOTP-Secret in the users file:\n" + users);
    return m.group(1);
  }

  /**
   * The RFC 6238 code (SHA-1, 30 s, 6 digits) for now; waits for the next step when this one has
   * less than 8 s left, so that the login happens within the step the code is for.
   */
  static String totpNow(String base32) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    if (30 - now % 30 < 8) {
      Thread.sleep((30 - now % 30) * 1000 + 200);
      now = System.currentTimeMillis() / 1000;
    }
    return totp(base32, now / 30);
  }

  private static String wrongCode(String base32) throws Exception {
    long step = System.currentTimeMillis() / 1000 / 30;
    List<String> valid =
        List.of(totp(base32, step - 1), totp(base32, step), totp(base32, step + 1));
    for (int i = 0; ; i++) {
      String c = String.format("%06d", (123456 + i * 7919) % 1_000_000);
      if (!valid.contains(c)) {
        return c;
      }
    }
  }

  static String totp(String base32, long step) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(base32Decode(base32), "HmacSHA1"));
    byte[] h = mac.doFinal(java.nio.ByteBuffer.allocate(8).putLong(step).array());
    int o = h[h.length - 1] & 0x0f;
    int bin =
        ((h[o] & 0x7f) << 24)
            | ((h[o + 1] & 0xff) << 16)
            | ((h[o + 2] & 0xff) << 8)
            | (h[o + 3] & 0xff);
    return String.format("%06d", bin % 1_000_000);
  }

  static byte[] base32Decode(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : s.toCharArray()) {
      int v = alphabet.indexOf(c);
      if (v < 0) {
        throw new IllegalArgumentException("not base32: " + c);
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new java.security.SecureRandom().nextBytes(b);
    return b;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
