package org.p2sgate.core.management;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.p2sgate.core.admin.GatewayControl;
import org.p2sgate.core.session.SessionInfo;

/** A gateway with sessions in a list that records what it was told to do. */
class FakeGateway implements GatewayControl {
  final List<SessionInfo> live = new ArrayList<>();
  final List<String> told = new ArrayList<>();

  static SessionInfo session(String cn, String real, String tunnel, long cid) {
    return new SessionInfo(
        "id" + cid,
        cn,
        "certificate",
        cn,
        real,
        "udp",
        tunnel,
        "AES-256-GCM",
        "TLSv1.3",
        100,
        200,
        1,
        2,
        1_796_190_249_000L,
        1_796_190_250_000L,
        "2.6.14",
        "linux",
        cid,
        (int) cid);
  }

  FakeGateway withTwo() {
    live.add(session("alice", "198.18.0.2:45899", "10.8.0.2", 0));
    live.add(session("bob", "198.18.0.2:54955", "10.8.0.3", 1));
    return this;
  }

  @Override
  public synchronized CompletableFuture<List<SessionInfo>> sessions() {
    return CompletableFuture.completedFuture(List.copyOf(live));
  }

  @Override
  public synchronized CompletableFuture<Integer> disconnect(
      Predicate<SessionInfo> which, boolean reconnect) {
    int n = 0;
    for (SessionInfo s : List.copyOf(live)) {
      if (which.test(s)) {
        live.remove(s);
        told.add(s.commonName() + (reconnect ? " RESTART" : " HALT"));
        n++;
      }
    }
    return CompletableFuture.completedFuture(n);
  }

  @Override
  public CompletableFuture<Integer> drain(Duration deadline) {
    throw new UnsupportedOperationException("not used by the management interface");
  }

  @Override
  public List<String> notReady() {
    return List.of();
  }

  @Override
  public CompletableFuture<String> reload() {
    throw new UnsupportedOperationException("not used by the management interface");
  }

  @Override
  public CompletableFuture<java.util.Map<String, Object>> status() {
    throw new UnsupportedOperationException("not used by the management interface");
  }

  @Override
  public String metrics() {
    return "";
  }
}
