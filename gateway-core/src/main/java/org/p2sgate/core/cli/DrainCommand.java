package org.p2sgate.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code p2sgate drain}: asks a running gateway on this host to drain ({@code POST /api/v1/drain})
 * and waits until it has stopped, as a Kubernetes {@code preStop} hook must: the pod's termination
 * waits for the hook, so clients are moved on before SIGTERM arrives. Only the JDK's own HTTP
 * client, so the image needs no curl.
 */
@Command(
    name = "drain",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    description = {
      "Drain a running gateway through its admin API: it stops admitting, tells every client to"
          + " move on to the next server of its profile (RESTART,[N]) and stops when the last"
          + " session has ended or at the deadline. Waits until it has stopped (a preStop hook)."
    })
final class DrainCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long after the drain deadline the gateway may take to stop. */
  static final long GRACE_MS = 15_000;

  static final long POLL_MS = 250;

  @Option(
      names = "--admin",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:9194",
      description = "The admin API (default: ${DEFAULT-VALUE}).")
  URI admin;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      required = true,
      description = "The admin API's bearer token (admin.token-file of gateway.yaml).")
  Path tokenFile;

  @Option(
      names = "--deadline",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description =
          "When the last sessions are ended anyway, e.g. 30s, 5m (default: ${DEFAULT-VALUE}).")
  String deadline;

  @Option(
      names = "--no-wait",
      description = "Return once the drain has started, without waiting for the gateway to stop.")
  boolean noWait;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String token;
    try {
      token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      return GatewayRunner.fail(err, "--token-file: cannot read " + tokenFile + ": " + e);
    }
    if (!deadline.matches("[0-9]{1,6}[smh]?")) {
      return GatewayRunner.fail(
          err, "--deadline: expected e.g. 30s, 5m or 1h, got '" + deadline + "'");
    }
    long deadlineSeconds;
    try {
      JsonNode reply = post(token);
      deadlineSeconds = reply.path("deadlineSeconds").asLong(60);
      out.println(
          "draining: "
              + reply.path("told").asInt()
              + " client(s) told to move on, deadline "
              + deadlineSeconds
              + " s");
      out.flush();
    } catch (ConnectException e) {
      out.println("no gateway answers at " + admin + ": nothing to drain");
      out.flush();
      return 0;
    } catch (IOException e) {
      err.println("p2sgate: drain failed: " + e.getMessage());
      err.flush();
      return 1;
    }
    if (noWait) {
      return 0;
    }
    long until = System.currentTimeMillis() + deadlineSeconds * 1000 + GRACE_MS;
    while (System.currentTimeMillis() < until) {
      if (!answers()) {
        out.println("drained: the gateway has stopped");
        out.flush();
        return 0;
      }
      Thread.sleep(POLL_MS);
    }
    err.println("p2sgate: the gateway still runs " + GRACE_MS / 1000 + " s after the deadline");
    err.flush();
    return 1;
  }

  private JsonNode post(String token) throws IOException {
    HttpURLConnection c = open("/api/v1/drain");
    c.setRequestMethod("POST");
    c.setRequestProperty("Authorization", "Bearer " + token);
    c.setRequestProperty("Content-Type", "application/json");
    c.setDoOutput(true);
    byte[] body =
        JSON.writeValueAsBytes(java.util.Map.of("deadline", deadline)); // the API parses it
    try (OutputStream o = c.getOutputStream()) {
      o.write(body);
    }
    int status = c.getResponseCode();
    InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
    String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    if (status != 202 && status != 200) {
      throw new IOException("HTTP " + status + " from " + admin + ": " + text.strip());
    }
    return JSON.readTree(text);
  }

  /** Whether the gateway still answers {@code /healthz} (it stops once drained). */
  private boolean answers() {
    try {
      HttpURLConnection c = open("/healthz");
      int status = c.getResponseCode();
      c.getInputStream().close();
      return status == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private HttpURLConnection open(String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) admin.resolve(path).toURL().openConnection();
    c.setConnectTimeout(2000);
    c.setReadTimeout(5000);
    return c;
  }
}
