package org.p2sgate.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The plaintext side of the test client's control channel: the server's key-method-2 message, which
 * must come first on every key state (as the reference's {@code key_method_2_read} expects), then
 * NUL-terminated commands (wire doc 9.3): PUSH_REPLY (with {@code push-continuation}), AUTH_FAILED,
 * RESTART, HALT and the rest, which are only recorded.
 */
final class ClientMessages {
  private final TestOpenVpnClient c;
  private final List<String> all = new ArrayList<>();
  private final List<String> pending = new ArrayList<>();
  private List<String> options = List.of();
  private String pushReply;
  private boolean pushed;
  private String authFailed;
  private String cipher;
  private boolean ekm;
  private long pingMs;
  private String serverOptions;
  private int serverKeyMethodLength;

  ClientMessages(TestOpenVpnClient client) {
    this.c = client;
  }

  void onPlaintext(ClientKeyState ks, long now) {
    byte[] buf = ks.plaintext.toByteArray();
    int start = 0;
    if (!ks.km2Received) {
      int used;
      try {
        used = ks.km2.parseServer(buf, buf.length);
      } catch (ClientKeyMethod2.Refused e) {
        c.fail(ks, e.getMessage());
        return;
      }
      if (used == 0) {
        return;
      }
      ks.km2Received = true;
      if (ks.keyId == 0) {
        serverOptions = ks.km2.serverOptions;
        serverKeyMethodLength = used;
        boolean requestPush = (c.cfg.ivProto() & TestClientConfig.REQUEST_PUSH) != 0;
        // without IV_PROTO bit 2 the client asks at once; with it, only if no reply comes
        c.nextPushRequestAt = requestPush ? now + TestOpenVpnClient.PUSH_REQUEST_INTERVAL_MS : now;
      }
      start = used;
    }
    for (int i = start; i < buf.length; i++) {
      if (buf[i] == 0) {
        if (i > start) {
          onCommand(new String(buf, start, i - start, StandardCharsets.US_ASCII).strip(), now);
        }
        start = i + 1;
      }
    }
    ks.plaintext.reset();
    ks.plaintext.write(buf, start, buf.length - start);
  }

  private void onCommand(String cmd, long now) {
    all.add(cmd);
    if (cmd.startsWith("PUSH_REPLY")) {
      onPushReply(cmd);
    } else if (cmd.startsWith("AUTH_FAILED") && authFailed == null) {
      authFailed = cmd;
    }
  }

  private void onPushReply(String msg) {
    List<String> parts = new ArrayList<>(Arrays.asList(msg.split(",", -1)));
    parts.remove(0); // "PUSH_REPLY"
    String continuation = null;
    if (!parts.isEmpty() && parts.get(parts.size() - 1).startsWith("push-continuation ")) {
      continuation = parts.remove(parts.size() - 1).substring("push-continuation ".length());
    }
    pending.addAll(parts);
    if ("2".equals(continuation)) {
      return; // more to come
    }
    if (pushed) {
      pending.clear(); // a repeated reply changes nothing here
      return;
    }
    if (pushReply == null) {
      pushReply = msg;
    }
    options = List.copyOf(pending);
    pending.clear();
    apply();
  }

  private void apply() {
    int ivProto = c.cfg.ivProto();
    for (String o : options) {
      String[] w = o.split(" ");
      switch (w[0]) {
        case "peer-id" -> c.data.peerId(Integer.parseInt(w[1]));
        case "cipher" -> cipher = w[1];
        case "ping" -> pingMs = Long.parseLong(w[1]) * 1000;
        case "protocol-flags" -> {
          for (int i = 1; i < w.length; i++) {
            ekm |= w[i].equals("tls-ekm");
          }
        }
        case "key-derivation" -> ekm |= w.length > 1 && w[1].equals("tls-ekm");
        default -> {}
      }
    }
    if (ekm && (ivProto & TestClientConfig.TLS_KEY_EXPORT) == 0) {
      c.fail(c.current, "server pushed tls-ekm to a client without IV_PROTO bit 3");
      return;
    }
    if (cipher == null) {
      c.fail(c.current, "no cipher pushed (this client cannot fall back to BF-CBC)");
      return;
    }
    if (!c.cfg.acceptedCiphers().contains(cipher)) {
      c.fail(c.current, "pushed cipher " + cipher + " is not in " + c.cfg.acceptedCiphers());
      return;
    }
    // comp-lzo frames with 0xFA unless the server migrated the client to stub-v2 (wire doc 8)
    c.data.lzoFraming(c.cfg.compLzo() && !options.contains("compress stub-v2"));
    pushed = true;
    c.handshake.deriveKeys(c.current);
  }

  boolean pushed() {
    return pushed;
  }

  String pushReply() {
    return pushReply;
  }

  List<String> pushOptions() {
    return options;
  }

  String authFailed() {
    return authFailed;
  }

  String cipher() {
    return cipher;
  }

  boolean ekm() {
    return ekm;
  }

  long pingMs() {
    return pingMs;
  }

  String serverOptions() {
    return serverOptions;
  }

  int serverKeyMethodLength() {
    return serverKeyMethodLength;
  }

  List<String> all() {
    return List.copyOf(all);
  }
}
