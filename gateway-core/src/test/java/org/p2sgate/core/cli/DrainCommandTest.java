package org.p2sgate.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code p2sgate drain} (the preStop hook) against a real HTTP server on loopback that answers as
 * the admin API does: the POST carries the bearer token and the deadline, and the command returns
 * once {@code /healthz} stops answering.
 */
class DrainCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final List<String> requests = new CopyOnWriteArrayList<>();
  HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  int run(String... args) {
    CommandLine cl = Main.commandLine(new ServeCommandTest.Recorder());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /**
   * A stand-in admin API: drain replies 202; /healthz answers {@code healthy} times, then stops.
   */
  String start(int status, int healthy) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger checks = new AtomicInteger();
    server.createContext(
        "/api/v1/drain",
        x -> {
          String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(
              x.getRequestMethod()
                  + " "
                  + x.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + body);
          byte[] reply =
              (status == 202 ? "{\"told\":3,\"deadlineSeconds\":1}" : "{\"error\":\"no\"}")
                  .getBytes(StandardCharsets.UTF_8);
          x.sendResponseHeaders(status, reply.length);
          x.getResponseBody().write(reply);
          x.close();
        });
    server.createContext(
        "/healthz",
        x -> {
          if (checks.incrementAndGet() > healthy) {
            server.stop(0); // the drained gateway has stopped: nobody answers any more
            x.close();
            return;
          }
          x.sendResponseHeaders(200, 3);
          x.getResponseBody().write("ok\n".getBytes(StandardCharsets.UTF_8));
          x.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Path token() throws Exception {
    return Files.writeString(dir.resolve("admin.token"), "s3cret-token\n");
  }

  @Test
  void postsTheDrainWithTheTokenAndWaitsUntilTheGatewayHasStopped() throws Exception {
    String url = start(202, 3);
    long t0 = System.currentTimeMillis();
    assertEquals(
        0,
        run("drain", "--admin", url, "--token-file", token().toString(), "--deadline", "1s"),
        err.toString());
    assertEquals(List.of("POST Bearer s3cret-token {\"deadline\":\"1s\"}"), requests);
    assertTrue(
        out.toString().contains("3 client(s) told to move on, deadline 1 s"), out.toString());
    assertTrue(out.toString().contains("drained: the gateway has stopped"), out.toString());
    assertTrue(System.currentTimeMillis() - t0 >= 3 * DrainCommand.POLL_MS, "it waited");
  }

  @Test
  void aRefusedDrainFailsWithTheReason() throws Exception {
    String url = start(401, 100);
    assertEquals(1, run("drain", "--admin", url, "--token-file", token().toString()));
    assertTrue(err.toString().startsWith("p2sgate: drain failed: HTTP 401 from "), err.toString());
  }

  @Test
  void nothingListeningIsNothingToDrain() throws Exception {
    String url = start(202, 0);
    server.stop(0);
    assertEquals(0, run("drain", "--admin", url, "--token-file", token().toString()));
    assertTrue(out.toString().contains("nothing to drain"), out.toString());
  }

  @Test
  void badArgumentsAreOneLineAndExitTwo() throws Exception {
    assertEquals(2, run("drain", "--token-file", dir.resolve("missing").toString()));
    assertTrue(err.toString().startsWith("p2sgate: --token-file: cannot read "), err.toString());
    err.getBuffer().setLength(0);
    assertEquals(2, run("drain", "--token-file", token().toString(), "--deadline", "soon"));
    assertEquals(
        "p2sgate: --deadline: expected e.g. 30s, 5m or 1h, got 'soon'" + System.lineSeparator(),
        err.toString());
  }
}
