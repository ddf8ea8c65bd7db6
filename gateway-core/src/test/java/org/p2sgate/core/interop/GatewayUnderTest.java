package org.p2sgate.core.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Our gateway as an operator runs it: the shaded jar with an OpenVPN server.conf, in the gw ns. */
final class GatewayUnderTest {
  final Testbed bed;
  final String proto;
  final Path log;
  final Path conf;
  Process process;

  GatewayUnderTest(Testbed bed, String name, String proto, String wrap, List<String> extra)
      throws Exception {
    this.bed = bed;
    this.proto = proto;
    this.log = bed.dir.resolve("gw-" + name + ".log");
    this.conf = bed.dir.resolve("server-" + name + ".conf");
    Pki pki = bed.pki;
    List<String> lines =
        new ArrayList<>(
            List.of(
                "dev tun-gw",
                "proto " + (proto.equals("tcp") ? "tcp-server" : "udp"),
                "local " + Testbed.GW_IP,
                "port 1194",
                "server 10.8.0.0 255.255.255.0",
                "topology subnet",
                "ca " + pki.file("ca.crt"),
                "cert " + pki.file("server.crt"),
                "key " + pki.file("server.key"),
                "dh none",
                "data-ciphers AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305",
                "keepalive 10 60",
                "push \"route 198.18.1.0 255.255.255.0\"",
                "verb 4"));
    switch (wrap) {
      case "tls-crypt" -> lines.add("tls-crypt " + pki.file("tc.key"));
      case "tls-auth" -> lines.add("tls-auth " + pki.file("ta.key") + " 0");
      case "none" -> {}
      default -> throw new IllegalArgumentException(wrap);
    }
    lines.addAll(extra);
    Files.write(conf, lines);
  }

  /** A gateway configured by our own YAML format instead of server.conf. */
  static GatewayUnderTest yaml(Testbed bed, String name, String proto, String extraYaml)
      throws Exception {
    return yaml(bed, name, proto, Testbed.GW_IP, extraYaml);
  }

  /** As {@link #yaml(Testbed, String, String, String)}, listening on {@code listen} ("*": all). */
  static GatewayUnderTest yaml(
      Testbed bed, String name, String proto, String listen, String extraYaml) throws Exception {
    GatewayUnderTest g = new GatewayUnderTest(bed, name, proto, "none", List.of());
    Pki pki = bed.pki;
    Path yaml = bed.dir.resolve("gateway-" + name + ".yaml");
    Files.writeString(
        yaml,
        String.join(
            "\n",
            "listen: { "
                + (listen.equals("*") ? "" : "address: " + listen + ", ")
                + "port: 1194, proto: "
                + proto
                + " }",
            "tun: { name: tun-gw, mtu: 1500 }",
            "pool: 10.8.0.0/24",
            "push: { routes: [ 198.18.1.0/24 ] }",
            "keepalive: { interval: 10s, timeout: 60s }",
            "tls: { ca: "
                + pki.file("ca.crt")
                + ", cert: "
                + pki.file("server.crt")
                + ", key: "
                + pki.file("server.key")
                + " }",
            "tls-crypt: " + pki.file("tc.key"),
            "verb: 4",
            extraYaml,
            ""));
    g.yamlFile = yaml;
    return g;
  }

  private Path yamlFile;

  /** A gateway serving {@code yaml} as it is (e.g. one made for a PKI the test created). */
  static GatewayUnderTest yamlFile(Testbed bed, String name, String proto, Path yaml)
      throws Exception {
    GatewayUnderTest g = new GatewayUnderTest(bed, name, proto, "none", List.of());
    g.yamlFile = yaml;
    return g;
  }

  /** Edits the YAML file before {@link #start()} (e.g. a shorter keepalive). */
  GatewayUnderTest editYaml(java.util.function.UnaryOperator<String> edit) throws Exception {
    Files.writeString(yamlFile, edit.apply(Files.readString(yamlFile)));
    return this;
  }

  /** Replaces the server.conf before {@link #start()}: e.g. the very file the real server reads. */
  GatewayUnderTest conf(List<String> lines) throws Exception {
    Files.write(conf, lines);
    return this;
  }

  /** Run under this command (e.g. {@code env VAR=x}, {@code unshare --uts ...}) in the gw ns. */
  private final List<String> launcher = new ArrayList<>();

  /** More arguments of {@code serve}, before the configuration. */
  private final List<String> serveArgs = new ArrayList<>();

  /** Starts the gateway under {@code prefix}, which must exec its arguments (same PID). */
  GatewayUnderTest launchedBy(String... prefix) {
    launcher.addAll(List.of(prefix));
    return this;
  }

  /**
   * Start-up warm-up handshakes: a few by default, which keeps the suite fast and still runs the
   * warm-up path; {@link #warmup(int)} for the production default.
   */
  private int warmup = 10;

  GatewayUnderTest warmup(int handshakes) {
    this.warmup = handshakes;
    return this;
  }

  /** JVM options before {@code -jar} (e.g. {@code -Dp2sgate.data.threads=2}). */
  private final List<String> jvmArgs = new ArrayList<>();

  GatewayUnderTest jvmArgs(String... args) {
    jvmArgs.addAll(List.of(args));
    return this;
  }

  /** Adds arguments to {@code serve} (e.g. {@code --ordinal 1}). */
  GatewayUnderTest serveArgs(String... args) {
    serveArgs.addAll(List.of(args));
    return this;
  }

  GatewayUnderTest start() throws Exception {
    Path jar = Path.of("target", "p2sgate.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " missing: interop tests run after 'package'");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(launcher);
    cmd.addAll(
        List.of(
            java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-Dp2sgate.warmup=" + warmup));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", jar.toString()));
    cmd.add("serve");
    cmd.addAll(serveArgs);
    cmd.add(yamlFile != null ? "--config" : "--openvpn-config");
    cmd.add((yamlFile != null ? yamlFile : conf).toString());
    process = bed.start(bed.gateway, log, cmd.toArray(String[]::new));
    bed.awaitListening(proto, 1194, process, log);
    return this;
  }

  String log() throws Exception {
    return Testbed.read(log);
  }

  /**
   * Stops with SIGTERM; returns whether it exited within 5 s. Then fails if its log holds any of
   * the testbed's secrets ({@link LogSecrets}).
   */
  boolean stop() {
    boolean stopped = Testbed.stop(process, 5000);
    try {
      bed.secrets.assertNoneIn(log, bed.dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return stopped;
  }
}
