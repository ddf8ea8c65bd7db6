package org.p2sgate.core.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A control packet after unwrapping (wire doc 1.3): the logical fields, independent of the tls-auth
 * / tls-crypt layout it travelled in.
 *
 * @param opcode a control opcode
 * @param keyId 0..7
 * @param sessionId the sender's session id
 * @param acks acknowledged message ids (0..8 of them)
 * @param remoteSessionId the receiver's session id, present (non-zero) only when {@code acks} is
 *     not empty
 * @param messageId the reliability-layer id, or -1 for {@link Opcode#ACK_V1}
 * @param payload TLS ciphertext, early-negotiation TLVs, or empty
 */
public record ControlPacket(
    Opcode opcode,
    int keyId,
    long sessionId,
    long[] acks,
    long remoteSessionId,
    long messageId,
    byte[] payload) {

  /** {@code RELIABLE_ACK_SIZE} in reliable.h: at most this many acks in one packet. */
  public static final int MAX_ACKS = 8;

  public ControlPacket {
    Objects.requireNonNull(opcode, "opcode");
    Objects.requireNonNull(acks, "acks");
    Objects.requireNonNull(payload, "payload");
    if (!opcode.isControl()) {
      throw new IllegalArgumentException("not a control opcode: " + opcode);
    }
    if (keyId < 0 || keyId > Opcode.KEY_ID_MASK) {
      throw new IllegalArgumentException("key id out of range: " + keyId);
    }
    if (acks.length > MAX_ACKS) {
      throw new IllegalArgumentException("too many acks: " + acks.length);
    }
    if (opcode.hasMessageId() != (messageId >= 0)) {
      throw new IllegalArgumentException(opcode + " with message id " + messageId);
    }
    if (acks.length == 0 && remoteSessionId != 0) {
      throw new IllegalArgumentException("a remote session id travels only with acks");
    }
    if (messageId > 0xffffffffL) {
      throw new IllegalArgumentException("message id out of range: " + messageId);
    }
  }

  /** Length of the body (ack block, message id, payload) when encoded. */
  public int bodyLength() {
    return 1
        + (acks.length > 0 ? acks.length * 4 + 8 : 0)
        + (messageId >= 0 ? 4 : 0)
        + payload.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ControlPacket p
        && opcode == p.opcode
        && keyId == p.keyId
        && sessionId == p.sessionId
        && Arrays.equals(acks, p.acks)
        && remoteSessionId == p.remoteSessionId
        && messageId == p.messageId
        && Arrays.equals(payload, p.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(opcode, keyId, sessionId, messageId) * 31 + Arrays.hashCode(acks);
  }

  @Override
  public String toString() {
    return "ControlPacket["
        + opcode
        + " kid="
        + keyId
        + " sid="
        + HexFormat.of().toHexDigits(sessionId)
        + " acks="
        + Arrays.toString(acks)
        + (acks.length > 0 ? " rsid=" + HexFormat.of().toHexDigits(remoteSessionId) : "")
        + " mid="
        + messageId
        + " payload="
        + payload.length
        + "B]";
  }
}
