package org.p2sgate.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.config.AuthSettings;
import org.p2sgate.core.session.GatewayContext;

class AuthenticationTest {

  @Test
  void certificateOnlyByDefault() throws Exception {
    assertSame(GatewayContext.certificateOnly(), Authentication.build(AuthSettings.CERTIFICATE));
  }

  @Test
  void aPolicyNamingAnUnconfiguredMethodIsAStartupError() {
    StartupException e =
        assertThrows(
            StartupException.class,
            () ->
                Authentication.build(
                    new AuthSettings(
                        "certificate+radius", null, null, Duration.ofSeconds(5), null)));
    assertEquals(
        "auth: policy 'default' needs method 'radius', which is not configured", e.getMessage());
  }
}
