package org.p2sgate.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code -Dp2sgate.data.threads}: auto by default, a number, or a clear refusal. */
class DataThreadsTest {
  @AfterEach
  void clear() {
    System.clearProperty(GatewayServer.THREADS_PROPERTY);
  }

  @Test
  void autoIsOnePerCoreAtMostEight() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int expected = Epoll.isAvailable() ? Math.min(cores, GatewayServer.AUTO_THREADS_MAX) : 1;
    assertEquals(expected, GatewayServer.threads());
    System.setProperty(GatewayServer.THREADS_PROPERTY, "auto");
    assertEquals(expected, GatewayServer.threads());
  }

  @Test
  void aNumberIsTakenAsItIs() throws Exception {
    System.setProperty(GatewayServer.THREADS_PROPERTY, " 3 ");
    assertEquals(Epoll.isAvailable() ? 3 : 1, GatewayServer.threads());
    System.setProperty(GatewayServer.THREADS_PROPERTY, "1");
    assertEquals(1, GatewayServer.threads());
  }

  @Test
  void anythingElseIsRefusedWithTheReason() {
    for (String bad : new String[] {"0", "65", "-2", "two", ""}) {
      System.setProperty(GatewayServer.THREADS_PROPERTY, bad);
      StartupException e = assertThrows(StartupException.class, GatewayServer::threads, bad);
      assertTrue(e.getMessage().contains("p2sgate.data.threads=" + bad), e.getMessage());
      assertTrue(e.getMessage().contains("auto, or a number of threads from 1 to 64"));
    }
  }
}
