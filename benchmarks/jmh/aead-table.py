#!/usr/bin/env python3
"""aead-table.py DIR: ForwardingBenchmark's JSON results of DIR/jce and DIR/openssl (one run each,
-Dp2sgate.aead=jce and =openssl) side by side as a Markdown table: ns per packet and bytes
allocated per packet (gc.alloc.rate.norm) of each implementation (decision 34)."""
import json,sys,collections
d=sys.argv[1]
res=collections.defaultdict(dict)
for m in ("jce","openssl"):
    for r in json.load(open(f"{d}/{m}/forwarding.json")):
        b=r["benchmark"].split(".")[-1]; p=r["params"]
        ns=r["primaryMetric"]["score"]; al=r["secondaryMetrics"]["gc.alloc.rate.norm"]["score"]
        res[(b,p["cipher"],int(p["size"]))][m]=(ns,al)
print("| benchmark | cipher | size | SunJCE ns | OpenSSL ns | OpenSSL/SunJCE | SunJCE B/op | OpenSSL B/op |")
print("|---|---|---|---|---|---|---|---|")
for k in sorted(res):
    j=res[k].get("jce"); o=res[k].get("openssl")
    if not j or not o: continue
    print(f"| {k[0]} | {k[1]} | {k[2]} | {j[0]:.0f} | {o[0]:.0f} | {o[0]/j[0]:.2f} | {j[1]:.0f} | {o[1]:.0f} |")
