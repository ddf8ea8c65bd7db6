package org.p2sgate.core.control;

import org.p2sgate.core.wire.ControlBodyCodec;
import org.p2sgate.core.wire.ControlPacket;
import org.p2sgate.core.wire.Opcode;
import org.p2sgate.core.wire.WireFormatException;

/**
 * A control packet whose wrapping was verified and removed.
 *
 * @param firstByte opcode and key id
 * @param sessionId the sender's session id
 * @param replayPid the wrap's replay packet id (0 when unwrapped without tls-auth/tls-crypt)
 * @param replayTime the wrap's replay time (0 without tls-auth/tls-crypt)
 * @param body the plaintext body: ack block, message id, payload
 */
public record Unwrapped(
    int firstByte, long sessionId, long replayPid, long replayTime, byte[] body) {

  /**
   * Parses the body into a control packet (the caller checked that the opcode is a control one).
   *
   * @throws WireFormatException if the body is malformed
   */
  public ControlPacket decode() throws WireFormatException {
    return ControlBodyCodec.decodeBody(
        Opcode.ofFirstByte(firstByte), Opcode.keyIdOf(firstByte), sessionId, body, 0, body.length);
  }

  @Override
  public String toString() {
    return "Unwrapped[op="
        + Integer.toHexString(firstByte)
        + " pid="
        + replayPid
        + " body="
        + body.length
        + "B]";
  }
}
