package org.p2sgate.core.wire;

/** OpenVPN packet opcodes: the high 5 bits of a packet's first byte (wire doc 1.1). */
public enum Opcode {
  CONTROL_HARD_RESET_CLIENT_V1(1),
  CONTROL_HARD_RESET_SERVER_V1(2),
  CONTROL_SOFT_RESET_V1(3),
  CONTROL_V1(4),
  ACK_V1(5),
  DATA_V1(6),
  CONTROL_HARD_RESET_CLIENT_V2(7),
  CONTROL_HARD_RESET_SERVER_V2(8),
  DATA_V2(9),
  CONTROL_HARD_RESET_CLIENT_V3(10),
  CONTROL_WKC_V1(11);

  /** {@code P_OPCODE_SHIFT} in ssl_pkt.h. */
  public static final int OPCODE_SHIFT = 3;

  /** {@code P_KEY_ID_MASK} in ssl_pkt.h. */
  public static final int KEY_ID_MASK = 0x07;

  private static final Opcode[] BY_VALUE = new Opcode[32];

  static {
    for (Opcode op : values()) {
      BY_VALUE[op.value] = op;
    }
  }

  private final int value;

  Opcode(int value) {
    this.value = value;
  }

  /** The 5-bit opcode value. */
  public int byteValue() {
    return value;
  }

  /** The first byte of a packet with this opcode and key id. */
  public int firstByte(int keyId) {
    return (value << OPCODE_SHIFT) | (keyId & KEY_ID_MASK);
  }

  /** The opcode of a packet's first byte, or {@code null} if the value is not an opcode. */
  public static Opcode ofFirstByte(int firstByte) {
    return BY_VALUE[(firstByte & 0xff) >>> OPCODE_SHIFT];
  }

  /** The key id of a packet's first byte. */
  public static int keyIdOf(int firstByte) {
    return firstByte & KEY_ID_MASK;
  }

  public boolean isData() {
    return this == DATA_V1 || this == DATA_V2;
  }

  public boolean isControl() {
    return !isData();
  }

  /** Whether packets with this opcode carry a message id (all control packets but ACK_V1). */
  public boolean hasMessageId() {
    return isControl() && this != ACK_V1;
  }

  /** Client hard resets a server accepts (V1 is key-method 1, rejected by 2.6 too). */
  public boolean isClientHardReset() {
    return this == CONTROL_HARD_RESET_CLIENT_V2 || this == CONTROL_HARD_RESET_CLIENT_V3;
  }
}
