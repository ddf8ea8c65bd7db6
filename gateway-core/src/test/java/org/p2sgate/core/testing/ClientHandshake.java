package org.p2sgate.core.testing;

import java.util.Arrays;
import org.p2sgate.core.crypto.CipherKind;
import org.p2sgate.core.reliable.ReliableReceiver;
import org.p2sgate.core.wire.Opcode;

/**
 * Moves one of the test client's key states through its handshake, as the reference's {@code
 * tls_process_state} does on a client: TLS starts once our reset is acked (S_START), control
 * payloads go to TLS in order, our key-method-2 message follows the TLS handshake, the server's
 * comes first in its plaintext, and data keys are installed once the push decided cipher and
 * derivation method.
 */
final class ClientHandshake {
  private final TestOpenVpnClient c;

  ClientHandshake(TestOpenVpnClient client) {
    this.c = client;
  }

  /** Moves one key state forward: TLS start, TLS bytes in and out, key method 2, messages. */
  void process(ClientKeyState ks, long now) {
    if (ks.dead) {
      return;
    }
    if (ks.tls == null && ks.sender.isAcked(0)) {
      // our reset was acked: S_START, the ClientHello goes out
      ks.tls = new ClientTls(c.certificate == null ? c.cfg : c.cfg.withCert(c.certificate));
    }
    ReliableReceiver.Delivered d;
    while ((d = ks.receiver.poll()) != null) {
      if ((d.opcode() == Opcode.CONTROL_V1 || d.opcode() == Opcode.CONTROL_WKC_V1)
          && d.payload().length > 0) {
        ks.earlyTls.addLast(d.payload());
      }
    }
    if (ks.tls == null) {
      return;
    }
    while (!ks.earlyTls.isEmpty()) {
      if (!ks.tls.offer(ks.earlyTls.removeFirst())) {
        // like a 2.6 peer, send no alert: only 2.7+ flushes one (openvpn commit fbe3b49b)
        c.fail(ks, "TLS error: " + ks.tls.failure());
        return;
      }
    }
    if (ks.tls.isHandshakeComplete() && !ks.km2Sent) {
      ks.km2Sent = true;
      ks.tls.write(
          ks.km2.encode(c.cfg.optionsString(), c.cfg.username(), c.password(), c.cfg.peerInfo()));
    }
    c.link.queueTls(ks, ks.tls.takeCiphertext(), now);
    byte[] plain = ks.tls.takePlaintext();
    if (plain.length > 0) {
      ks.plaintext.writeBytes(plain);
      c.messages.onPlaintext(ks, now);
    }
    if (!ks.dead) {
      deriveKeys(ks);
      c.link.queueTls(ks, ks.tls.takeCiphertext(), now);
    }
  }

  /**
   * Installs the data keys of {@code ks} once its key method 2 and (key 0) the push are in; an
   * attacking client ({@link TestOpenVpnClient#deriveKeysWithoutPush}) does not wait for the push.
   */
  void deriveKeys(ClientKeyState ks) {
    boolean pushed = c.messages.pushed();
    if (ks.keysInstalled || !ks.km2Received || ks.dead || !pushed && c.eagerCipher == null) {
      return;
    }
    String cipher = pushed ? c.messages.cipher() : c.eagerCipher;
    CipherKind kind = CipherKind.fromOpenVpnName(cipher).orElse(null);
    if (kind == null) {
      c.fail(ks, "no usable data cipher pushed: " + cipher);
      return;
    }
    byte[] block =
        !pushed || c.messages.ekm()
            ? ks.tls.exportedKeyBlock()
            : ks.km2.prfKeyBlock(c.link.clientSid, c.link.serverSid);
    c.data.install(ks.keyId, kind, block);
    Arrays.fill(block, (byte) 0);
    ks.keysInstalled = true;
  }
}
