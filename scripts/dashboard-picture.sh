#!/usr/bin/env bash
# Draws the README's picture of the Grafana dashboard's panels from a real run: the series a real
# Prometheus stored while AdminApiIT ran two real clients (certificate + RADIUS logins, iperf3 both
# ways, operator disconnects). AdminApiIT leaves them in gateway-core/target/dashboard/.
#   mvn verify -pl gateway-core -Dit.test=AdminApiIT -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false
#   scripts/dashboard-picture.sh [IN_DIR] [OUT_PNG]     # default: docs/dashboard.png
set -euo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
IN=${1:-$ROOT/gateway-core/target/dashboard}
OUT=${2:-$ROOT/docs/dashboard.png}
command -v gnuplot > /dev/null || { echo "dashboard-picture: needs gnuplot (apt-get install gnuplot-nox)" >&2; exit 2; }
ls "$IN"/panel-*.json > /dev/null 2>&1 || { echo "dashboard-picture: no $IN/panel-*.json: run AdminApiIT first" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# one data file per series (seconds since the first sample, value) and one gnuplot plot command
# per panel, in a 4 x 3 grid
python3 - "$IN" "$WORK" << 'PY'
import glob, json, os, sys
src, work = sys.argv[1], sys.argv[2]
panels = sorted(glob.glob(os.path.join(src, "panel-*.json")))
t0 = t1 = None
for f in panels:
    for t in json.load(open(f))["targets"]:
        for r in t["answer"]["data"]["result"]:
            for ts, _ in r["values"]:
                t0 = ts if t0 is None else min(t0, ts)
                t1 = ts if t1 is None else max(t1, ts)
cmds = [f"set xrange [0:{max(1, t1 - t0):.0f}]", "set yrange [0:*]"]
for i, f in enumerate(panels):
    p = json.load(open(f))
    plots = []
    for j, t in enumerate(p["targets"]):
        for k, r in enumerate(t["answer"]["data"]["result"]):
            m = {a: b for a, b in r["metric"].items() if a not in ("instance", "job")}
            label = ",".join(f"{a}={b}" for a, b in sorted(m.items())) or t["expr"].split("(")[0]
            if len(p["targets"]) > 1 and not m:
                label = ["p50", "p95"][j] if "quantile" in t["expr"] else t["expr"].split("(")[-1].rstrip(")")
            dat = os.path.join(work, f"p{i}-{j}-{k}.dat")
            points = [(ts - t0, v) for ts, v in r["values"] if v not in ("NaN", "+Inf", "-Inf")]
            if not points or all(float(v) == 0 for _, v in points):
                continue  # e.g. the drop reasons that never happened
            with open(dat, "w") as out:
                out.writelines(f"{x:.0f} {v}\n" for x, v in points)
            plots.append(f"'{dat}' using 1:2 with lines lw 2 title '{label.replace(chr(39), '')}'")
    title = p["title"].replace("'", "")
    if plots:
        cmds.append(f"set title '{title}'\nplot " + ", ".join(plots))
    else:  # nothing but zeros (no drops), or no samples in the window
        cmds.append(f"set title '{title}'\nset label 1 'none in this run' at graph 0.5,0.5 center\n"
                    "plot 0 notitle lc rgb 'white'\nunset label 1")
open(os.path.join(work, "panels.gp"), "w").write("\n".join(cmds) + "\n")
PY

gnuplot << GP
set terminal pngcairo size 1600,1100 font "sans,9" noenhanced
set output "$OUT"
set multiplot layout 4,3 title "p2sgate dashboard panels, from a real run (AdminApiIT: 2 real clients, certificate + RADIUS, iperf3 both ways)"
set key top left font ",8" noopaque
set xlabel "seconds"
set grid
load "$WORK/panels.gp"
unset multiplot
GP
echo "dashboard-picture: wrote $OUT"
