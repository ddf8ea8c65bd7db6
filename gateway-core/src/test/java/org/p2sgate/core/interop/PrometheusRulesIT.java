package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The alert rules operators load (docker/prometheus/alerts.yml) are valid and do what they say:
 * {@code promtool check rules}, and {@code promtool test rules} with a firing and a quiet case of
 * every alert. (AdminApiIT loads them into a real Prometheus that scrapes a real gateway.)
 */
@Tag("netns")
class PrometheusRulesIT {
  static final Path DIR = Path.of("..", "docker", "prometheus").toAbsolutePath();

  /** The alert rules in alerts.yml: what a Prometheus that loaded the file must list. */
  static long alertRules() throws java.io.IOException {
    return java.nio.file.Files.readAllLines(DIR.resolve("alerts.yml")).stream()
        .filter(l -> l.strip().startsWith("- alert: "))
        .count();
  }

  @Test
  void alertRulesCheckAndTheirUnitTestsPass() {
    Sh.Result check = Sh.tryRun("promtool", "check", "rules", DIR.resolve("alerts.yml").toString());
    assertEquals(0, check.exit(), check.output());
    Sh.Result test = Sh.tryRun("sh", "-c", "cd " + DIR + " && promtool test rules alerts_test.yml");
    assertEquals(0, test.exit(), test.output());
  }
}
