package org.p2sgate.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.pki.DemoSetup;

/** SIGTERM closes the gateway through the shutdown hook; checked in a child JVM. */
class ShutdownTest {
  @TempDir Path dir;

  /** The child: serves with a gateway that runs until closed, and reports on stdout. */
  public static void main(String[] args) {
    CountDownLatch stopped = new CountDownLatch(1);
    GatewayStarter starter =
        config ->
            new GatewayStarter.RunningGateway() {
              @Override
              public void awaitShutdown() throws InterruptedException {
                System.out.println("STARTED");
                System.out.flush();
                stopped.await();
              }

              @Override
              public void close() {
                System.out.println("CLOSED");
                System.out.flush();
                stopped.countDown();
              }
            };
    System.exit(Main.commandLine(starter).execute(args));
  }

  @Test
  void sigtermClosesTheGatewayAndTheJvmExits() throws Exception {
    Path yaml = DemoSetup.prepare(dir, "127.0.0.1", null).gatewayYaml();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    ShutdownTest.class.getName(),
                    "serve",
                    "--config",
                    yaml.toString()))
            .redirectErrorStream(true)
            .start();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      StringBuilder seen = new StringBuilder();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        seen.append(line).append('\n');
        if (line.equals("STARTED")) {
          child.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our pipes
        }
      }
      assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the JVM exits after SIGTERM");
      assertTrue(seen.toString().contains("STARTED\n"), seen.toString());
      assertTrue(seen.toString().contains("CLOSED\n"), seen.toString());
      assertEquals(143, child.exitValue(), seen.toString());
    } finally {
      child.destroyForcibly();
    }
  }
}
