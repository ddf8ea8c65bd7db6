package org.p2sgate.core.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The first-byte table of wire doc 1.1. */
class OpcodeTest {
  @ParameterizedTest
  @CsvSource({
    "0x38, CONTROL_HARD_RESET_CLIENT_V2",
    "0x40, CONTROL_HARD_RESET_SERVER_V2",
    "0x20, CONTROL_V1",
    "0x28, ACK_V1",
    "0x50, CONTROL_HARD_RESET_CLIENT_V3",
    "0x58, CONTROL_WKC_V1",
    "0x18, CONTROL_SOFT_RESET_V1",
    "0x30, DATA_V1",
    "0x48, DATA_V2",
  })
  void firstByteAtKeyIdZero(String hex, Opcode op) {
    int b = Integer.decode(hex);
    assertEquals(b, op.firstByte(0));
    assertEquals(op, Opcode.ofFirstByte(b));
    assertEquals(0, Opcode.keyIdOf(b));
  }

  @ParameterizedTest
  @CsvSource({
    "CONTROL_HARD_RESET_CLIENT_V1, 1",
    "CONTROL_HARD_RESET_SERVER_V1, 2",
    "CONTROL_SOFT_RESET_V1, 3",
    "CONTROL_V1, 4",
    "ACK_V1, 5",
    "DATA_V1, 6",
    "CONTROL_HARD_RESET_CLIENT_V2, 7",
    "CONTROL_HARD_RESET_SERVER_V2, 8",
    "DATA_V2, 9",
    "CONTROL_HARD_RESET_CLIENT_V3, 10",
    "CONTROL_WKC_V1, 11",
  })
  void byteValuesAreTheReferenceNumbers(Opcode op, int value) {
    assertEquals(value, op.byteValue());
  }

  @Test
  void everyOpcodeAndKeyIdRoundTripsThroughTheFirstByte() {
    for (Opcode op : Opcode.values()) {
      for (int kid = 0; kid <= 7; kid++) {
        int b = op.firstByte(kid);
        assertEquals((op.byteValue() << 3) | kid, b);
        assertEquals(op, Opcode.ofFirstByte(b));
        assertEquals(kid, Opcode.keyIdOf(b));
      }
    }
    assertEquals(0x18 + 5, Opcode.CONTROL_SOFT_RESET_V1.firstByte(5));
    assertEquals(0x4f, Opcode.DATA_V2.firstByte(7));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 12, 13, 20, 31})
  void unknownOpcodesAreNull(int opcode) {
    for (int kid = 0; kid <= 7; kid++) {
      assertNull(Opcode.ofFirstByte((opcode << 3) | kid));
    }
  }

  @Test
  void everyByteValueMapsToAnOpcodeOrNull() {
    int known = 0;
    for (int b = 0; b < 256; b++) {
      Opcode op = Opcode.ofFirstByte(b);
      if (op != null) {
        known++;
        assertEquals(b >>> 3, op.byteValue());
      }
    }
    assertEquals(11 * 8, known);
    // negative ints (a sign-extended byte) are masked, never an exception
    assertEquals(Opcode.DATA_V2, Opcode.ofFirstByte((byte) 0x48));
    assertNull(Opcode.ofFirstByte((byte) 0xf8));
  }

  @Test
  void channelsAndMessageIds() {
    Set<Opcode> data = EnumSet.of(Opcode.DATA_V1, Opcode.DATA_V2);
    for (Opcode op : Opcode.values()) {
      assertEquals(data.contains(op), op.isData(), op.name());
      assertEquals(!data.contains(op), op.isControl(), op.name());
      assertEquals(!data.contains(op) && op != Opcode.ACK_V1, op.hasMessageId(), op.name());
    }
    assertTrue(Opcode.CONTROL_HARD_RESET_CLIENT_V2.isClientHardReset());
    assertTrue(Opcode.CONTROL_HARD_RESET_CLIENT_V3.isClientHardReset());
    assertFalse(Opcode.CONTROL_HARD_RESET_CLIENT_V1.isClientHardReset());
    assertFalse(Opcode.CONTROL_HARD_RESET_SERVER_V2.isClientHardReset());
    assertFalse(Opcode.CONTROL_V1.isClientHardReset());
  }
}
