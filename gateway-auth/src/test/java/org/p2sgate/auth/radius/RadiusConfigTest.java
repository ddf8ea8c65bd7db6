package org.p2sgate.auth.radius;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RadiusConfigTest {
  private static final RadiusServerConfig PRIMARY =
      new RadiusServerConfig("radius1", "t0p-s3cret", Duration.ofSeconds(20), 2);
  private static final RadiusServerConfig SECONDARY =
      new RadiusServerConfig("radius2", 11812, 11813, "other-s3cret", Duration.ofSeconds(5), 0);

  private static RadiusConfig config(Optional<RadiusServerConfig> secondary) {
    return new RadiusConfig(
        PRIMARY,
        secondary,
        "gw-1",
        Optional.empty(),
        RadiusConfig.AuthMethod.PAP,
        RadiusConfig.StaticChallengeMode.CONCATENATE,
        true,
        Duration.ofMinutes(10));
  }

  @Test
  void secretsNeverPrinted() {
    String s = config(Optional.of(SECONDARY)).toString();
    assertFalse(s.contains("t0p-s3cret"), s);
    assertFalse(s.contains("other-s3cret"), s);
  }

  @Test
  void serversInFailoverOrder() {
    assertEquals(List.of(PRIMARY, SECONDARY), config(Optional.of(SECONDARY)).servers());
    assertEquals(List.of(PRIMARY), config(Optional.empty()).servers());
    assertEquals(Duration.ofSeconds(60), PRIMARY.worstCase());
  }

  @Test
  void invalidValuesRefusedAtStartup() {
    Duration t = Duration.ofSeconds(1);
    assertThrows(IllegalArgumentException.class, () -> new RadiusServerConfig("h", "", t, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new RadiusServerConfig("h", 0, 1813, "s", t, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new RadiusServerConfig("h", "s", Duration.ZERO, 1));
    assertThrows(IllegalArgumentException.class, () -> new RadiusServerConfig("h", "s", t, -1));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new RadiusConfig(
                PRIMARY,
                Optional.empty(),
                "",
                Optional.empty(),
                RadiusConfig.AuthMethod.PAP,
                RadiusConfig.StaticChallengeMode.CONCATENATE,
                true,
                Duration.ofMinutes(10)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new RadiusConfig(
                PRIMARY,
                Optional.empty(),
                "gw",
                Optional.empty(),
                RadiusConfig.AuthMethod.PAP,
                RadiusConfig.StaticChallengeMode.CONCATENATE,
                true,
                Duration.ofSeconds(10)));
  }
}
