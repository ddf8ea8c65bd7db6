package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OvpnLexerTest {
  private static List<String> tokens(String line) throws ConfigException {
    return OvpnLexer.tokens(line, Where.line("t.conf", 7));
  }

  private static String error(String line) {
    return assertThrows(ConfigException.class, () -> tokens(line)).getMessage();
  }

  @Test
  void splitsOnWhiteSpaceAndKeepsQuotedTextTogether() throws Exception {
    assertEquals(
        List.of("push", "route 10.0.0.0 255.0.0.0"), tokens("push \"route 10.0.0.0 255.0.0.0\""));
    assertEquals(List.of("port", "1194"), tokens("  port\t1194  \r"));
    assertEquals(List.of("a", "", "b"), tokens("a \"\" b"));
  }

  @Test
  void singleQuotesTakeBackslashesLiterally() throws Exception {
    assertEquals(List.of("ca", "c:\\dir\\ca.crt"), tokens("ca 'c:\\dir\\ca.crt'"));
    assertEquals(List.of("x", "a\"b"), tokens("x 'a\"b'"));
  }

  @Test
  void backslashEscapesBackslashQuoteAndSpace() throws Exception {
    assertEquals(List.of("ca", "my pki/ca.crt"), tokens("ca my\\ pki/ca.crt"));
    assertEquals(List.of("ca", "c:\\dir\\ca.crt"), tokens("ca \"c:\\\\dir\\\\ca.crt\""));
    assertEquals(List.of("push", "say \"hi\""), tokens("push \"say \\\"hi\\\"\""));
    assertEquals(List.of("a\"b"), tokens("a\\\"b"));
  }

  @Test
  void otherBackslashesAreErrorsAsInOpenVpn() {
    assertTrue(error("ca c:\\dir\\ca.crt").startsWith("t.conf:7: bad backslash"));
    assertTrue(error("x \\'a'").startsWith("t.conf:7: bad backslash"));
    assertEquals(
        "t.conf:7: a backslash at the end of a line escapes nothing", error("port 1194\\"));
  }

  @Test
  void commentsStartOnlyAtATokenBoundary() throws Exception {
    assertEquals(List.of(), tokens("# a comment"));
    assertEquals(List.of(), tokens("   ; port 1194"));
    assertEquals(List.of("port", "1194"), tokens("port 1194 # the default"));
    assertEquals(List.of("port", "1194"), tokens("port 1194 ;old"));
    assertEquals(List.of("x", "a#b", "c;d"), tokens("x a#b c;d"));
    assertEquals(List.of("x", "a # b"), tokens("x \"a # b\""));
    assertEquals(List.of("x"), tokens("x \\#comment"));
  }

  @Test
  void unclosedQuotesAreErrors() {
    assertEquals("t.conf:7: no closing quotation (\")", error("push \"route 10.0.0.0"));
    assertEquals("t.conf:7: no closing single quotation (')", error("push 'route"));
  }

  @Test
  void directivesInlineBlocksAndLineNumbers() throws Exception {
    String text =
        "\uFEFF# comment\n"
            + "--port 1194\n"
            + "<ca>\n"
            + "-----BEGIN CERTIFICATE-----\n"
            + "  indented stays\n"
            + "  </ca>\n"
            + "\n"
            + "proto udp\n";
    List<OvpnDirective> ds = OvpnLexer.lex(text, "s.conf");
    assertEquals(3, ds.size());
    assertEquals(new OvpnDirective("port", List.of("1194"), null, 2), ds.get(0));
    assertEquals("ca", ds.get(1).name());
    assertEquals(3, ds.get(1).line());
    assertEquals("-----BEGIN CERTIFICATE-----\n  indented stays\n", ds.get(1).inline());
    assertEquals(new OvpnDirective("proto", List.of("udp"), null, 8), ds.get(2));
  }

  @Test
  void inlineBlockWithoutEndTagNamesItsOpeningLine() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> OvpnLexer.lex("port 1\n<key>\nsecret\n", "s.conf"));
    assertEquals("s.conf:2: inline block <key> has no </key>", e.getMessage());
  }

  @Test
  void toStringNeverShowsInlineText() {
    OvpnDirective d = new OvpnDirective("key", List.of(), "SECRET", 1);
    assertTrue(!d.toString().contains("SECRET"));
  }
}
