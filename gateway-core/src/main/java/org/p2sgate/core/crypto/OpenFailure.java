package org.p2sgate.core.crypto;

/**
 * Why {@link DataOpener} refused a data packet (house rule 9: peer misbehaviour is a counted drop
 * with a reason). The open methods return {@link #code()}, always negative, so the hot path
 * allocates nothing; {@link #ofCode(int)} maps it back for counting and logging. Not a drop reason
 * of its own: the session's data path counts each failure as one of the gateway's drop reasons
 * ({@code DataPath.dropFor}, the only mapping), so this package depends on nothing above it.
 */
public enum OpenFailure {
  /** Shorter than the header and tag. */
  TOO_SHORT(-1),
  /** Header and tag but no ciphertext; the reference rejects it ("missing payload"). */
  EMPTY_PAYLOAD(-2),
  /** The opcode is not the one the method expects (P_DATA_V1 or P_DATA_V2). */
  BAD_OPCODE(-3),
  /** Packet id 0, already seen, too far behind, expired, or from an older time. */
  REPLAY(-4),
  /** Authentication failed: wrong key, or header, tag or ciphertext modified. */
  BAD_TAG(-5),
  /** The key state was destroyed. */
  KEY_DESTROYED(-6),
  /** The JCE failed in an unexpected way; the packet is dropped. */
  CIPHER_FAILURE(-7);

  private static final OpenFailure[] BY_CODE = new OpenFailure[values().length + 1];

  static {
    for (OpenFailure r : values()) {
      BY_CODE[-r.code] = r;
    }
  }

  private final int code;

  OpenFailure(int code) {
    this.code = code;
  }

  /** The negative result code the open methods return for this reason. */
  public int code() {
    return code;
  }

  /**
   * The reason for a negative result code.
   *
   * @throws IllegalArgumentException if {@code code} is not one of the codes above
   */
  public static OpenFailure ofCode(int code) {
    if (code >= 0 || code <= -BY_CODE.length) {
      throw new IllegalArgumentException("not a drop code: " + code);
    }
    return BY_CODE[-code];
  }
}
