#!/usr/bin/env bash
# summarize.sh OUT — side-by-side medians from OUT/openvpn.csv and OUT/p2sgate.csv (written by
# compare.sh): OUT/summary.md (table) and OUT/throughput.png, OUT/cpu-per-gb.png (gnuplot).
set -euo pipefail
OUT=${1:?usage: summarize.sh OUT}
med() { sort -g | awk '{a[NR]=$1} END{ if (NR==0) {print "-"; exit} if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2 }'; }
col() { # csv section proto cipher dir column-number
  awk -F, -v s="$2" -v p="$3" -v c="$4" -v d="$5" -v k="$6" 'NR>1 && $1==s && $2==p && $3==c && $4==d {print $k}' "$1"; }
rows=()
for key in "vpn udp AES-128-GCM" "vpn udp AES-256-GCM" "vpn udp CHACHA20-POLY1305" "vpn tcp AES-256-GCM" "multi udp AES-256-GCM"; do
  for d in fwd rev; do rows+=("$key $d"); done
done
{
  echo "| Test | Dir | OpenVPN Mbit/s | p2sgate Mbit/s | ratio | OpenVPN server CPU-s/GB | p2sgate CPU-s/GB | ratio |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$OUT/summary.md"
: > "$OUT/plot.dat"
i=0
for r in "${rows[@]}"; do
  read -r s p c d <<< "$r"
  om=$(col "$OUT/openvpn.csv" "$s" "$p" "$c" "$d" 6 | med); pm=$(col "$OUT/p2sgate.csv" "$s" "$p" "$c" "$d" 6 | med)
  oc=$(col "$OUT/openvpn.csv" "$s" "$p" "$c" "$d" 11 | med); pc=$(col "$OUT/p2sgate.csv" "$s" "$p" "$c" "$d" 11 | med)
  [[ $om == - && $pm == - ]] && continue
  label="${s/vpn/1 client}"; label="${label/multi/20 clients} ${p^^} $c"
  rt=$(awk -v a="$pm" -v b="$om" 'BEGIN{ if (b+0>0 && a!="-") printf "%.2f", a/b; else print "-" }')
  rc=$(awk -v a="$pc" -v b="$oc" 'BEGIN{ if (b+0>0 && a!="-") printf "%.2f", a/b; else print "-" }')
  printf '| %s | %s | %.0f | %.0f | %s | %.2f | %.2f | %s |\n' "$label" "$d" "$om" "$pm" "$rt" "$oc" "$pc" "$rc" >> "$OUT/summary.md"
  printf '%d "%s %s" %s %s %s %s\n' "$i" "$(echo "$label" | sed 's/ client[s]*//; s/CHACHA20-POLY1305/CHACHA20/')" "$d" "$om" "$pm" "$oc" "$pc" >> "$OUT/plot.dat"
  i=$((i + 1))
done
if command -v gnuplot > /dev/null; then
  for what in throughput cpu; do
    if [[ $what == throughput ]]; then cols="3:xtic(2) title 'OpenVPN 2.6', '' using 4 title 'p2sgate'"; yl="Mbit/s (median, iperf3 single stream)"; png=throughput.png
    else cols="5:xtic(2) title 'OpenVPN 2.6', '' using 6 title 'p2sgate'"; yl="server CPU-seconds per GB (lower is better)"; png=cpu-per-gb.png; fi
    gnuplot <<GP
set terminal pngcairo size 1100,520 font "sans,10"
set output "$OUT/$png"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel "$yl"
set xtics rotate by -30
set key top right
set grid ytics
set yrange [0:*]
set title "p2sgate vs OpenVPN 2.6 on the same netns testbed (2 vCPU, same run)"
plot "$OUT/plot.dat" using $cols
GP
  done
fi
cat "$OUT/summary.md"
