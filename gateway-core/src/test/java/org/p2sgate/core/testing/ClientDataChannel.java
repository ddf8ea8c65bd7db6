package org.p2sgate.core.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.p2sgate.core.crypto.CipherKind;
import org.p2sgate.core.crypto.DataOpener;
import org.p2sgate.core.crypto.DataSealer;
import org.p2sgate.core.crypto.OpenFailure;
import org.p2sgate.core.crypto.ReplayWindow;

/**
 * The test client's data channel (wire doc 7.1): per key id a {@link DataSealer} in the client's
 * send direction ({@code key2[0:keylen]}, implicit IV {@code key2[64:72]}) and a {@link DataOpener}
 * in its receive direction ({@code key2[128:..]}, IV {@code key2[192:200]}). Sends P_DATA_V2 with
 * the pushed peer-id, or P_DATA_V1 when none was pushed.
 */
final class ClientDataChannel {
  /** P_DATA_V2 header (opcode, peer-id, packet id) and tag. */
  static final int V2_OVERHEAD = 24;

  /** P_DATA_V1: opcode, packet id, tag. */
  static final int V1_OVERHEAD = 21;

  static final int TAG = 16;

  /** OpenVPN's keepalive ping payload ({@code ping_string} in ping.c, wire doc 9.1). */
  static final byte[] PING = {
    0x2a,
    0x18,
    0x7b,
    (byte) 0xf3,
    0x64,
    0x1e,
    (byte) 0xb4,
    (byte) 0xcb,
    0x07,
    (byte) 0xed,
    0x2d,
    0x0a,
    (byte) 0x98,
    0x1f,
    (byte) 0xc7,
    0x48
  };

  /** {@code occ_magic} in occ.c (wire doc 9.2). */
  static final byte[] OCC = {
    0x28,
    0x7f,
    0x34,
    0x6b,
    (byte) 0xd4,
    (byte) 0xef,
    0x7a,
    (byte) 0x81,
    0x2d,
    0x56,
    (byte) 0xb8,
    (byte) 0xd3,
    (byte) 0xaf,
    (byte) 0xc5,
    0x45,
    (byte) 0x9c
  };

  private record Keys(DataSealer sealer, DataOpener opener) {}

  private final Map<Integer, Keys> keys = new TreeMap<>();
  private final List<byte[]> receivedIp = new ArrayList<>();
  private final Map<String, Integer> drops = new LinkedHashMap<>();
  private final Map<Integer, Integer> receivedOnKey = new TreeMap<>();
  private int peerId = -1;
  private boolean lzoFraming;
  private int pingsReceived;

  /** The peer-id pushed by the server, or -1 (then P_DATA_V1 is sent). */
  void peerId(int id) {
    this.peerId = id;
  }

  int peerId() {
    return peerId;
  }

  /**
   * {@code comp-lzo} framing (wire doc 8): 0xFA ("not compressed") before every payload sent, and
   * required before every payload received. Off for clients without comp-lzo and after a pushed
   * {@code compress stub-v2}.
   */
  void lzoFraming(boolean on) {
    this.lzoFraming = on;
  }

  /** Installs the keys of {@code keyId} from a 256-byte key2 block (the block is not kept). */
  void install(int keyId, CipherKind kind, byte[] key2) {
    int len = kind.keyLength();
    DataSealer sealer =
        new DataSealer(kind, Arrays.copyOfRange(key2, 0, len), Arrays.copyOfRange(key2, 64, 72));
    DataOpener opener =
        new DataOpener(
            kind,
            Arrays.copyOfRange(key2, 128, 128 + len),
            Arrays.copyOfRange(key2, 192, 200),
            new ReplayWindow());
    forget(keyId);
    keys.put(keyId, new Keys(sealer, opener));
  }

  boolean has(int keyId) {
    return keys.containsKey(keyId);
  }

  /** Zeroes and drops the keys of {@code keyId}, if any. */
  void forget(int keyId) {
    Keys k = keys.remove(keyId);
    if (k != null) {
      k.sealer().destroy();
      k.opener().destroy();
    }
  }

  void forgetAll() {
    for (Integer id : keys.keySet().toArray(Integer[]::new)) {
      forget(id);
    }
  }

  /** The key ids with installed keys, ascending. */
  int[] keyIds() {
    return keys.keySet().stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Seals {@code plaintext} on {@code keyId}.
   *
   * @return the wire packet
   * @throws IllegalStateException if that key id has no keys
   */
  byte[] seal(int keyId, byte[] plaintext) {
    Keys k = keys.get(keyId);
    if (k == null) {
      throw new IllegalStateException("no data keys for key id " + keyId);
    }
    if (lzoFraming) {
      byte[] framed = new byte[plaintext.length + 1];
      framed[0] = (byte) 0xFA;
      System.arraycopy(plaintext, 0, framed, 1, plaintext.length);
      plaintext = framed;
    }
    boolean v2 = peerId >= 0;
    int head = v2 ? V2_OVERHEAD : V1_OVERHEAD;
    byte[] buf = new byte[head + plaintext.length + TAG];
    System.arraycopy(plaintext, 0, buf, head, plaintext.length);
    int n =
        v2
            ? k.sealer().sealV2(buf, 0, plaintext.length, keyId, peerId)
            : k.sealer().sealV1(buf, 0, plaintext.length, keyId);
    if (n < 0) {
      throw new IllegalStateException("cannot seal on key id " + keyId);
    }
    return Arrays.copyOf(buf, n);
  }

  /**
   * Seals, in place, the plaintext at {@code buf[off + V2_OVERHEAD, off + V2_OVERHEAD + len)} on
   * {@code keyId} as P_DATA_V2, with no copy and no allocation of its own (the JMH benchmarks feed
   * the gateway from one reused buffer). The buffer needs {@link #TAG} bytes of room after the
   * plaintext.
   *
   * @return the wire length, from {@code off}
   * @throws IllegalStateException if that key id has no keys, no peer-id was pushed, or comp-lzo
   *     framing is on (the caller would have to frame)
   */
  int sealV2InPlace(int keyId, byte[] buf, int off, int len) {
    Keys k = keys.get(keyId);
    if (k == null || peerId < 0 || lzoFraming) {
      throw new IllegalStateException(
          "in-place sealing needs keys, a pushed peer-id and no comp-lzo: key id " + keyId);
    }
    int n = k.sealer().sealV2(buf, off, len, keyId, peerId);
    if (n < 0) {
      throw new IllegalStateException("cannot seal on key id " + keyId);
    }
    return n;
  }

  /** A data packet the client opened, or why it could not. */
  record Opened(int keyId, byte[] plaintext, String dropReason) {
    boolean ok() {
      return plaintext != null;
    }
  }

  /** Opens a P_DATA_V1/V2 packet from the gateway (works on a copy). */
  Opened open(byte[] packet, long now) {
    if (packet.length < 1) {
      return new Opened(-1, null, "empty");
    }
    int op = (packet[0] & 0xff) >>> 3;
    int keyId = packet[0] & 0x07;
    Keys k = keys.get(keyId);
    if (k == null) {
      return new Opened(keyId, null, "no keys for key id " + keyId);
    }
    byte[] buf = packet.clone();
    boolean v2 = op == 9;
    int n =
        v2
            ? k.opener().openV2(buf, 0, buf.length, now)
            : k.opener().openV1(buf, 0, buf.length, now);
    if (n < 0) {
      return new Opened(keyId, null, OpenFailure.ofCode(n).name());
    }
    int head = v2 ? V2_OVERHEAD : V1_OVERHEAD;
    if (lzoFraming) {
      if (buf[head] != (byte) 0xFA) {
        return new Opened(keyId, null, "Bad LZO decompression header byte");
      }
      head++;
      n--;
    }
    return new Opened(keyId, Arrays.copyOfRange(buf, head, head + n), null);
  }

  /** A data packet from the gateway: IP packets are kept, pings counted, the rest dropped. */
  void receive(byte[] packet, long now) {
    Opened o = open(packet, now);
    if (!o.ok()) {
      drops.merge(o.dropReason(), 1, Integer::sum);
      return;
    }
    receivedOnKey.merge(o.keyId(), 1, Integer::sum);
    if (isPing(o.plaintext())) {
      pingsReceived++;
    } else if (isOcc(o.plaintext())) {
      drops.merge("OCC", 1, Integer::sum);
    } else {
      receivedIp.add(o.plaintext());
    }
  }

  List<byte[]> takeReceivedIp() {
    List<byte[]> out = new ArrayList<>(receivedIp);
    receivedIp.clear();
    return out;
  }

  int pingsReceived() {
    return pingsReceived;
  }

  Map<String, Integer> drops() {
    return Map.copyOf(drops);
  }

  /** Data packets (IP and pings) opened so far, by the key id they came on. */
  Map<Integer, Integer> receivedOnKey() {
    return new TreeMap<>(receivedOnKey);
  }

  static boolean isPing(byte[] plaintext) {
    return Arrays.equals(plaintext, PING);
  }

  static boolean isOcc(byte[] plaintext) {
    return plaintext.length > OCC.length
        && Arrays.equals(plaintext, 0, OCC.length, OCC, 0, OCC.length);
  }
}
