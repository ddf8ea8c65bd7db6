package org.p2sgate.core.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;
import org.p2sgate.core.config.RouteSettings;
import org.p2sgate.core.keyexchange.PeerInfo;
import org.p2sgate.core.keyexchange.PushReply;

/**
 * Brings changed learned routes to connected clients, paced: a change is rolled out at most once
 * per {@link #UPDATE_SPACING_MS} (a flapping prefix costs each client one PUSH_UPDATE a second at
 * most, with the latest routes). A client that announced {@link PeerInfo#IV_PROTO_PUSH_UPDATE} gets
 * a PUSH_UPDATE carrying all its {@code route} options: the 2.7 client drops every route it has at
 * the first {@code route} of an update and adds those given (options.c {@code update_option}), and
 * {@code -route} alone removes them all. Other clients keep their routes, or with {@code on-change:
 * reconnect} are told to reconnect, {@code reconnect-per-second} of them at most, so that not
 * everyone drops at once; one whose routes came back to what it has is left alone.
 */
final class RouteRollout {
  /** Least time between two roll-outs. */
  static final long UPDATE_SPACING_MS = 1000;

  private boolean pending;
  private long nextUpdateAt = Long.MIN_VALUE;
  private final LinkedHashSet<ClientSession> toReconnect = new LinkedHashSet<>();
  private double reconnectBudget;
  private long budgetAt;

  /** The learned routes changed. */
  void changed() {
    pending = true;
  }

  /** Clients waiting to be told to reconnect. */
  int waiting() {
    return toReconnect.size();
  }

  /** Does what is due; {@code touched} gets every session that sent something. */
  void onTick(
      long now,
      Collection<ClientSession> sessions,
      RouteSettings settings,
      Outbox out,
      Consumer<ClientSession> touched) {
    boolean idle = toReconnect.isEmpty();
    if (pending && now >= nextUpdateAt) {
      pending = false;
      nextUpdateAt = now + UPDATE_SPACING_MS;
      rollOut(now, sessions, settings, out, touched);
    }
    if (toReconnect.isEmpty() || settings == null) {
      toReconnect.clear();
      return;
    }
    if (idle) {
      reconnectBudget = 1; // the first one goes at once
      budgetAt = now;
    }
    reconnectSome(now, settings.reconnectPerSecond(), out, touched);
  }

  private void rollOut(
      long now,
      Collection<ClientSession> sessions,
      RouteSettings settings,
      Outbox out,
      Consumer<ClientSession> touched) {
    boolean reconnect = settings != null && settings.onChange() == RouteSettings.OnChange.RECONNECT;
    for (ClientSession s : sessions) {
      if (!s.isEstablished() || !s.isAdmitted() || s.isClosing() || !stale(s)) {
        continue;
      }
      if (s.peerInfo.hasProto(PeerInfo.IV_PROTO_PUSH_UPDATE)) {
        sendUpdate(s, now, out);
        touched.accept(s);
      } else if (reconnect) {
        toReconnect.add(s);
      }
    }
  }

  private void reconnectSome(long now, int rate, Outbox out, Consumer<ClientSession> touched) {
    reconnectBudget = Math.min(rate, reconnectBudget + (now - budgetAt) * rate / 1000.0);
    budgetAt = now;
    Iterator<ClientSession> it = toReconnect.iterator();
    while (reconnectBudget >= 1 && it.hasNext()) {
      ClientSession s = it.next();
      it.remove();
      if (s.isAdmitted() && !s.isClosing() && stale(s)) {
        s.reconnectForRoutes(now, out);
        s.ctx.telemetry().routesPushed("reconnect");
        touched.accept(s);
        reconnectBudget -= 1;
      }
    }
  }

  /** Whether {@code s} was given other routes than it would get now. */
  private static boolean stale(ClientSession s) {
    return !routesOf(s.messages.pushedOptions()).equals(s.pushedRoutes);
  }

  /** Sends {@code s} a PUSH_UPDATE with all its routes now. */
  private static void sendUpdate(ClientSession s, long now, Outbox out) {
    List<String> routes = routesOf(s.messages.pushedOptions());
    List<String> options = routes.isEmpty() ? List.of("-route") : routes;
    for (String m : PushReply.messages("PUSH_UPDATE", options)) {
      s.control.sendMessage(s.primary, m, now);
    }
    s.control.flush(now, out);
    s.pushedRoutes = routes;
    s.ctx.telemetry().routesPushed("update");
  }

  /** The {@code route} options of a push list, in order. */
  static List<String> routesOf(List<String> options) {
    List<String> out = new ArrayList<>();
    for (String o : options) {
      if (o.startsWith("route ")) {
        out.add(o);
      }
    }
    return List.copyOf(out);
  }
}
