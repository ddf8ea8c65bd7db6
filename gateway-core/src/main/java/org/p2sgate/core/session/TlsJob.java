package org.p2sgate.core.session;

import java.io.IOException;
import java.util.List;
import org.p2sgate.core.tls.TlsServerDriver;

/**
 * TLS input of one key state handed to the TLS engine in one go: the expensive part of a handshake
 * (the server's signature, the key agreement, checking the client's certificate chain). It may run
 * on a worker thread while the session's owner goes on with other clients (decision 24); while it
 * runs, the job owns the TLS driver and nothing else touches it.
 */
final class TlsJob implements Runnable {
  private final TlsServerDriver tls;
  private final List<byte[]> input;
  private String failure;

  TlsJob(TlsServerDriver tls, List<byte[]> input) {
    this.tls = tls;
    this.input = input;
  }

  /**
   * Offers the input in order; the first failure ends the job. Never throws: the driver turns any
   * exception of the TLS engine into a failure.
   */
  @Override
  public void run() {
    for (byte[] chunk : input) {
      try {
        tls.offerCiphertext(chunk);
      } catch (IOException e) {
        failure = tls.failureReason() != null ? tls.failureReason() : e.getMessage();
        return;
      }
    }
  }

  /** Why the TLS session failed, or {@code null} if it took all the input. */
  String failure() {
    return failure;
  }
}
