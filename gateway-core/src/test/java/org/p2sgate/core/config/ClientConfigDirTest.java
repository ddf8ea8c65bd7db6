package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientConfigDirTest {
  private static final ClientConfigDir DIR = new ClientConfigDir(Path.of("/etc/ccd"), false);
  private static final ClientConfigDir EXCLUSIVE = new ClientConfigDir(Path.of("/etc/ccd"), true);

  @Test
  void fileNamesAsTheReferenceMakesThem() {
    assertEquals("alice", ClientConfigDir.fileName("alice"));
    assertEquals("_etc_passwd", ClientConfigDir.fileName("/etc/passwd"));
    assertEquals(".._.._x", ClientConfigDir.fileName("../../x"));
    assertEquals("a_b", ClientConfigDir.fileName("a\nb"));
    assertNull(ClientConfigDir.fileName(".."));
    assertNull(ClientConfigDir.fileName("."));
    assertNull(ClientConfigDir.fileName(""));
  }

  @Test
  void ownFileThenDefaultThenNone() throws Exception {
    Map<String, String> files =
        Map.of("alice", "ifconfig-push 10.8.0.9 255.255.255.0", "DEFAULT", "disable");
    ClientConfig alice = DIR.load("alice", files::get);
    assertEquals("10.8.0.9", alice.address().getHostAddress());
    assertEquals("/etc/ccd/alice", alice.file());
    assertTrue(DIR.load("bob", files::get).disabled(), "bob gets DEFAULT");
    assertSame(ClientConfig.NONE, DIR.load("bob", Map.of("alice", "")::get));
    assertTrue(DIR.load("DEFAULT", files::get).disabled(), "no file of its own: DEFAULT");
  }

  @Test
  void exclusiveNeedsTheClientsOwnFile() throws Exception {
    Map<String, String> files = Map.of("alice", "", "DEFAULT", "");
    assertSame(ClientConfig.NONE.pushEdits(), EXCLUSIVE.load("alice", files::get).pushEdits());
    String m =
        assertThrows(ConfigException.class, () -> EXCLUSIVE.load("bob", files::get)).getMessage();
    assertEquals("ccd-exclusive: no file for 'bob' in /etc/ccd", m);
    assertThrows(ConfigException.class, () -> EXCLUSIVE.load("DEFAULT", files::get));
    assertThrows(ConfigException.class, () -> EXCLUSIVE.load("..", files::get));
  }

  @Test
  void unreadableAndMalformedFilesAreNamed() {
    String m =
        assertThrows(
                ConfigException.class,
                () ->
                    DIR.load(
                        "alice",
                        name -> {
                          throw new java.io.IOException("Permission denied");
                        }))
            .getMessage();
    assertEquals("/etc/ccd/alice: cannot read it: Permission denied", m);
    m =
        assertThrows(
                ConfigException.class,
                () ->
                    DIR.load(
                        "alice",
                        Map.of(
                                "alice",
                                "push \"route 1.0.0.0 255.0.0.0\"\niroute 10.0.0.0 255.0.0.0")
                            ::get))
            .getMessage();
    assertTrue(m.startsWith("/etc/ccd/alice:2: 'iroute'"), m);
  }
}
