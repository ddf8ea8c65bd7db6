#!/usr/bin/env bash
# summarize.sh RESULTS [PLOT_DAT] — the RESULT lines of run.sh side by side: a Markdown table
# (stdout) with OpenVPN, p2sgate and their ratio per metric, and the ratios for ratio.gp.
set -euo pipefail
RESULTS=${1:?usage: summarize.sh RESULTS [PLOT_DAT]}
PLOT=${2:-/dev/null}
awk -v plot="$PLOT" '
function num(x) { return x == "" ? "-" : x }
function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b) }
function row(phase, metric, short,    a, b, r) {
  a = v["openvpn", phase, metric]; b = v["p2sgate", phase, metric]
  if (a == "" && b == "") return
  r = ratio(b, a)
  printf "| %s | %s | %s | %s | %s |\n", phase, metric, num(a), num(b), r
  if (r != "-" && short != "") printf "%d \"%s\" %s\n", n++, short, r > plot
}
/^RESULT / {
  delete kv
  for (i = 2; i <= NF; i++) { split($i, p, "="); kv[p[1]] = substr($i, length(p[1]) + 2) }
  s = kv["label"]; m = kv["mode"]; cpu = kv["server_cpu_s"]
  if (m == "connect") {
    ph = kv["sessions"] " sessions up, held " kv["hold_s"] " s"
    v[s, ph, "all up after (s)"] = kv["all_up_s"]
    v[s, ph, "handshake p50 (ms)"] = kv["hs_p50_ms"]
    v[s, ph, "handshake p95 (ms)"] = kv["hs_p95_ms"]
    v[s, ph, "sessions up / pinged in hold"] = kv["up"] "/" kv["sessions_pinged"]
    v[s, ph, "server CPU per session, ramp and hold (ms)"] = kv["up"] > 0 ? sprintf("%.1f", cpu * 1000 / kv["up"]) : ""
    if (kv["hold_cpu_s"] != "" && kv["up"] > 0)
      v[s, ph, "server CPU per idle session per minute (ms)"] = sprintf("%.2f", kv["hold_cpu_s"] * 60000 / kv["hold_cpu_window_s"] / kv["up"])
    if (kv["rss_kib_held"] != "" && kv["up"] > 0)
      v[s, ph, "server RSS growth per session (KiB)"] = sprintf("%.1f", (kv["rss_kib_held"] - kv["rss_kib_before"]) / kv["up"])
    if (kv["heap_kib_held"] ~ /^[0-9]+$/ && kv["up"] > 0)
      v[s, ph, "heap per session after a full GC (KiB)"] = sprintf("%.1f", (kv["heap_kib_held"] - kv["heap_kib_before"]) / kv["up"])
    phases[ph] = "connect"
  } else if (m == "handshakes") {
    ph = "handshakes, " kv["concurrency"] " in flight"
    if (kv["when"] == "warm") ph = ph ", warm (after " kv["warm_s"] " s more)"
    else if (kv["when"] == "cold") ph = ph ", cold (right after start)"
    v[s, ph, "handshakes/s"] = kv["hs_per_s"]
    v[s, ph, "handshake p50 (ms)"] = kv["hs_p50_ms"]
    v[s, ph, "handshake p95 (ms)"] = kv["hs_p95_ms"]
    v[s, ph, "failed"] = kv["failed"]
    # server CPU over the counted window only (cpu_from=window), else over warm-up and all
    t = kv["handshakes"] + (kv["cpu_from"] == "window" ? 0 : kv["warmup_handshakes"])
    v[s, ph, "server CPU per handshake (ms)"] = t > 0 ? sprintf("%.2f", cpu * 1000 / t) : ""
    if (kv["jit_cpu_s"] != "" && t > 0)
      v[s, ph, "of which JIT compiler threads (ms)"] = sprintf("%.2f", kv["jit_cpu_s"] * 1000 / t)
    if (kv["client_cpu_s"] != "" && kv["handshakes"] > 0)
      v[s, ph, "load generator CPU per handshake (ms)"] = sprintf("%.2f", kv["client_cpu_s"] * 1000 / kv["handshakes"])
    phases[ph] = "handshakes"
  } else if (m == "bulk") {
    ph = "bulk " kv["dir"] " " kv["size"] " B, " kv["sessions"] " sessions, " kv["offered_pps"] " pps offered"
    d = kv["dir"] == "rev" ? "rev" : "fwd"
    pps = kv[d "_pps"]
    v[s, ph, "delivered (pps)"] = pps
    v[s, ph, "delivered (Mbit/s)"] = kv[d "_mbps"]
    v[s, ph, "loss (%)"] = kv["loss_pct"]
    if (kv["unsent"] != "") v[s, ph, "offered but not sent (the sender fell behind)"] = kv["unsent"]
    v[s, ph, "server CPU per packet (us)"] = pps > 0 ? sprintf("%.2f", cpu * 1e6 / (pps * kv["seconds"])) : ""
    if (kv["dir"] == "echo") v[s, ph, "echoed back (pps)"] = kv["rev_pps"]
    if (kv["server_drops"] != "") v[s, ph, "server drops, by reason"] = kv["server_drops"]
    if (kv["kernel_drops"] != "") v[s, ph, "kernel drops on the path"] = kv["kernel_drops"]
    phases[ph] = "bulk"; order[++no] = ph
  }
  if (!(ph in seen)) { seen[ph] = 1; if (m != "bulk") order[++no] = ph }
}
END {
  print "| Phase | Metric | OpenVPN 2.6 | p2sgate | p2sgate / OpenVPN |"
  print "|---|---|---|---|---|"
  for (i = 1; i <= no; i++) {
    ph = order[i]; if (ph in done) continue; done[ph] = 1
    if (phases[ph] == "connect") {
      row(ph, "all up after (s)", "connect: all up (s)")
      row(ph, "handshake p50 (ms)", "connect: p50 (ms)")
      row(ph, "handshake p95 (ms)", "connect: p95 (ms)")
      row(ph, "sessions up / pinged in hold", "")
      row(ph, "server CPU per session, ramp and hold (ms)", "connect: CPU/session")
      row(ph, "server CPU per idle session per minute (ms)", "idle CPU/session")
      row(ph, "server RSS growth per session (KiB)", "RSS/session")
      row(ph, "heap per session after a full GC (KiB)", "")
    } else if (phases[ph] == "handshakes") {
      row(ph, "handshakes/s", ph ~ /warm/ ? "hs/s warm" : "handshakes/s")
      row(ph, "handshake p50 (ms)", "hs p50 (ms)")
      row(ph, "handshake p95 (ms)", "hs p95 (ms)")
      row(ph, "failed", "")
      row(ph, "server CPU per handshake (ms)", ph ~ /warm/ ? "CPU/hs warm" : "CPU/handshake")
      row(ph, "of which JIT compiler threads (ms)", "")
      row(ph, "load generator CPU per handshake (ms)", "")
    } else {
      split(ph, w, " ")
      row(ph, "delivered (pps)", w[2] " " w[3] " pps")
      row(ph, "delivered (Mbit/s)", "")
      row(ph, "loss (%)", "")
      row(ph, "offered but not sent (the sender fell behind)", "")
      row(ph, "echoed back (pps)", "")
      row(ph, "server CPU per packet (us)", w[2] " " w[3] " CPU/pkt")
      row(ph, "server drops, by reason", "")
      row(ph, "kernel drops on the path", "")
    }
  }
}' "$RESULTS"
