#!/usr/bin/env python3
"""Allocation sites from a JFR recording, with the stack down to the project's code.

usage: jfr print --json --stack-depth 40 --events jdk.ObjectAllocationSample F.jfr | alloc_sites.py

Groups the sampled allocations (weighted by JFR's estimate of bytes) by the allocating frame and
the chain of org.p2sgate frames under it; prints each group's share, the classes allocated, and
whether the stack went through the test client (a benchmark's client side, not the gateway).
"""
import json
import sys
from collections import defaultdict


def frame(f):
    m = f["method"]
    cls = m["type"]["name"].replace("/", ".")
    return "%s.%s:%s" % (cls.rsplit(".", 1)[-1], m["name"], f.get("lineNumber", "?")), cls


def main():
    data = json.load(sys.stdin)
    events = data["recording"]["events"]
    groups = defaultdict(lambda: [0, defaultdict(int), False])
    total = 0
    for e in events:
        v = e["values"]
        w = v.get("weight", 0)
        st = v.get("stackTrace") or {}
        frames = [frame(f) for f in st.get("frames", [])]
        if not any(c.startswith("org.p2sgate.") for _, c in frames):
            continue  # JMH, JFR, the JIT: not the measured code
        total += w
        top = frames[0][0] if frames else "?"
        # the JDK frames between the allocation and our code, then our frames (outermost last)
        jdk = []
        ours = []
        for name, cls in frames:
            if cls.startswith("org.p2sgate."):
                ours.append(name)
            elif not ours:
                jdk.append(name)
        key = (" <- ".join(jdk[:6]), " <- ".join(ours[:5]))
        g = groups[key]
        g[0] += w
        g[1][v["objectClass"]["name"].replace("/", ".")] += w
        g[2] = g[2] or any("TestOpenVpnClient" in n for n in ours)
    for key, (w, classes, client) in sorted(groups.items(), key=lambda kv: -kv[1][0]):
        share = 100.0 * w / total if total else 0
        if share < 1:
            continue
        cl = ", ".join("%s %.0f%%" % (c, 100.0 * cw / w) for c, cw in sorted(classes.items(), key=lambda x: -x[1])[:3])
        print("%5.1f%%  %s%s" % (share, "[client side] " if client else "", cl))
        print("        JDK:  %s" % key[0])
        print("        ours: %s" % key[1])


if __name__ == "__main__":
    main()
