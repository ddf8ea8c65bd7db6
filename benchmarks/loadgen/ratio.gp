# ratio.gp — p2sgate / OpenVPN per metric from summarize.sh's plot data (dat=, out= given by -e).
set terminal pngcairo size 1000,480 noenhanced font ",10"
set output out
set title "Load generator: p2sgate / OpenVPN 2.6 (1.0 = same; > 1 is more for p2sgate)"
set style data histogram
set style fill solid 0.7 border -1
set boxwidth 0.7
set xtics rotate by -35 scale 0
set yrange [0:*]
set grid ytics
set key off
set bmargin 8
set rmargin 10
plot dat using 3:xtic(2) lc rgb "#3b7dd8", 1 with lines lc rgb "#c03030" lw 2
