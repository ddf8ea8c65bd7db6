#!/usr/bin/env python3
"""Markdown tables and gnuplot data from JMH JSON results (-rf json) of the dataplane benchmarks.

Times are "mean ± half the spread (best iteration)" in ns per packet, over the iterations of all runs. On a shared machine the best
iteration is the least disturbed one; derived figures and the plot use it.

usage: summarize.py OUT RUN_DIR...   reads RUN_DIR/forwarding.json, route.json, sealopen.json (each
if present) of every run, pools the iterations of the same benchmark and parameters across runs,
writes OUT/forwarding.dat (for forwarding.gp) and prints the tables.
"""
import json
import os
import sys


def load_one(path):
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return []
    with open(path) as f:
        return json.load(f)


RUNS = []


def load(name):
    """Results of every run for file {name}, one entry per benchmark and parameters, iterations
    pooled: mean and best over all of them, error as the spread (max - min) / 2, bytes per op the
    mean of the runs'."""
    pooled = {}
    for d in RUNS:
        for r in load_one(os.path.join(d, name)):
            key = (r["benchmark"], tuple(sorted(r["params"].items())))
            raw = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
            alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
            p = pooled.setdefault(key, {"benchmark": r["benchmark"], "params": r["params"],
                                        "raw": [], "alloc": []})
            p["raw"] += raw
            if alloc is not None:
                p["alloc"].append(alloc)
    out = []
    for p in pooled.values():
        raw = p["raw"]
        out.append({
            "benchmark": p["benchmark"], "params": p["params"],
            "primaryMetric": {"score": sum(raw) / len(raw),
                              "scoreError": (max(raw) - min(raw)) / 2 if len(raw) > 1 else float("nan"),
                              "rawData": [raw], "n": len(raw)},
            "secondaryMetrics": {"gc.alloc.rate.norm": {"score": sum(p["alloc"]) / len(p["alloc"])}}
            if p["alloc"] else {},
        })
    return out


def metric(r):
    """(mean, error, bytes per op, best iteration)."""
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    pm = r["primaryMetric"]
    best = min(v for fork in pm["rawData"] for v in fork)
    return pm["score"], pm["scoreError"], alloc, best


def fmt(ns, err, alloc, best):
    """'mean ± half the spread (best iteration)', bytes per op."""
    e = "" if err != err or err is None else " ± %.0f" % err  # NaN with 1 iteration
    return "%.0f%s (%.0f)" % (ns, e, best), ("%.0f" % alloc) if alloc is not None else "n/a"


def main(d):
    fwd = {}
    for r in load("forwarding.json"):
        name = r["benchmark"].rsplit(".", 1)[1]
        p = r["params"]
        fwd[(p["cipher"], int(p["size"]), name)] = metric(r)
    if fwd:
        print("| cipher | size B | gateway→client ns | B/op | client→gateway ns (incl. client seal) | B/op"
              " | client seal ns | B/op | gateway receive ns (derived, best) | B/op (derived) |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        rows = []
        for cipher in sorted({k[0] for k in fwd}):
            for size in sorted({k[1] for k in fwd if k[0] == cipher}):
                g2c = fwd.get((cipher, size, "gatewayToClient"))
                c2g = fwd.get((cipher, size, "clientToGateway"))
                seal = fwd.get((cipher, size, "clientSeal"))
                cells = []
                for m in (g2c, c2g, seal):
                    cells += list(fmt(*m)) if m else ["", ""]
                if c2g and seal:
                    rx = c2g[3] - seal[3]  # best iterations: the least disturbed
                    rxa = c2g[2] - seal[2] if c2g[2] is not None and seal[2] is not None else None
                    cells += ["%.0f" % rx, "%.0f" % rxa if rxa is not None else "n/a"]
                    rows.append((cipher, size, g2c[3] if g2c else 0, rx))
                else:
                    cells += ["", ""]
                print("| %s | %d | %s |" % (cipher, size, " | ".join(cells)))
        with open(os.path.join(d, "forwarding.dat"), "w") as f:
            f.write("# cipher size gateway_to_client_ns gateway_receive_ns(derived)\n")
            for cipher in sorted({r[0] for r in rows}):
                f.write("%s size gateway_to_client_ns gateway_receive_ns\n" % cipher)
                for r in rows:
                    if r[0] == cipher:
                        f.write("%s %d %.1f %.1f\n" % r)
                f.write("\n\n")
        print()
    route = {}
    for r in load("route.json"):
        name = r["benchmark"].rsplit(".", 1)[1]
        route[(int(r["params"]["sessions"]), name)] = metric(r)
    if route:
        print("| sessions | lookup ns | B/op | onTunPacket (64 B, AES-128-GCM) ns | B/op |")
        print("|---|---|---|---|---|")
        for n in sorted({k[0] for k in route}):
            cells = []
            for name in ("lookup", "onTunPacket"):
                m = route.get((n, name))
                cells += list(fmt(*m)) if m else ["", ""]
            print("| %d | %s |" % (n, " | ".join(cells)))
        print()
    seal = load("sealopen.json")
    if seal:
        print("| benchmark | cipher | size B | ns (best) | B/op | MB/s (size / best) |")
        print("|---|---|---|---|---|---|")
        for r in seal:
            ns, err, alloc, best = metric(r)
            p = r["params"]
            t, a = fmt(ns, err, alloc, best)
            print("| %s | %s | %s | %s | %s | %.0f |" % (r["benchmark"].rsplit(".", 1)[1], p["cipher"],
                                                     p["size"], t, a, int(p["size"]) / best * 1000))


if __name__ == "__main__":
    RUNS.extend(sys.argv[2:])
    main(sys.argv[1])
