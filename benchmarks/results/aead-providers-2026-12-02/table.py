#!/usr/bin/env python3
"""Prints the Markdown table of README.md from jmh.json and openssl-speed-aead.txt."""
import json, re, sys
d = sys.argv[1] if len(sys.argv) > 1 else "."
res = {}
for r in json.load(open(f"{d}/jmh.json")):
    op = r["benchmark"].rsplit(".", 1)[1]
    p = r["params"]
    key = (p["cipher"], int(p["size"]), op, p["provider"])
    pm = r["primaryMetric"]
    its = [x for fork in pm["rawData"] for x in fork]
    alloc = r["secondaryMetrics"]["gc.alloc.rate.norm"]["score"]
    res[key] = (pm["score"], pm["scoreError"], min(its), alloc)
ossl = {}
cur = None
for line in open(f"{d}/openssl-speed-aead.txt"):
    m = re.match(r"## .* -bytes (\d+) -evp (\S+)", line)
    if m:
        cur = (m.group(2).upper(), int(m.group(1)))
        continue
    m = re.match(r"^(AES-\d+-GCM|ChaCha20-Poly1305)\s+([\d.]+)k", line)
    if m and cur:
        ossl[cur] = cur[1] / (float(m.group(2)) * 1000) * 1e9
print("| cipher | size B | op | JCE ns (best) | JCE B/op | BC ns (best) | BC B/op | BC/JCE time (best) | openssl -aead ns (encrypt) | JCE seal vs openssl |")
print("|---|---|---|---|---|---|---|---|---|---|")
for c in ["AES-128-GCM", "AES-256-GCM", "CHACHA20-POLY1305"]:
    for s in [64, 512, 1420]:
        for op in ["seal", "open"]:
            j = res[(c, s, op, "jce")]
            b = res[(c, s, op, "bc")]
            o = ossl.get((c, s))
            osx = f"{o:.0f}" if op == "seal" else ""
            ratio = f"{o / j[2] * 100:.0f} %" if op == "seal" else ""
            print(f"| {c} | {s} | {op} | {j[0]:.0f} ± {j[1]:.0f} ({j[2]:.0f}) | {j[3]:.0f} "
                  f"| {b[0]:.0f} ± {b[1]:.0f} ({b[2]:.0f}) | {b[3]:.0f} | {b[2] / j[2]:.1f}× | {osx} | {ratio} |")
