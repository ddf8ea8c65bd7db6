package org.p2sgate.bench.loadgen;

import java.io.IOException;

/**
 * The load generator's command: {@code java -cp benchmarks.jar org.p2sgate.bench.loadgen.LoadGen
 * --mode connect|handshakes|bulk --server 198.18.0.1:1194 --pki DIR [...]} (see {@link Options}).
 * Shows a progress line on stderr and prints one line {@code RESULT label=... mode=... key=value
 * ...} on stdout, which {@code benchmarks/loadgen/run.sh} collects. Exit status 2 on a bad command
 * line.
 */
public final class LoadGen {
  private LoadGen() {}

  public static void main(String[] args) throws IOException {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("loadgen: " + e.getMessage());
      System.exit(2);
      return;
    }
    ClientKit kit = ClientKit.load(o.pki(), o.cipher());
    Progress progress = new Progress(System.err, o.label() + " " + o.mode());
    String result;
    try (SessionLoop loop =
        new SessionLoop(o.server(), new SourceAddresses(Probe.ipv4(o.sourceBase()), o.sources()))) {
      result =
          switch (o.mode()) {
            case "connect" -> ConnectMode.run(loop, kit, o, progress);
            case "handshakes" -> HandshakeMode.run(loop, kit, o, progress);
            case "bulk" -> BulkMode.run(loop, kit, o, progress);
            default -> throw new IllegalStateException(o.mode());
          };
    }
    System.out.println(
        "RESULT label="
            + o.label()
            + " mode="
            + o.mode()
            + " cipher="
            + o.cipher()
            + " sources="
            + o.sources()
            + " "
            + result);
  }
}
