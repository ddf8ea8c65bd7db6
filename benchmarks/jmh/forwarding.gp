# gnuplot -e "dir='benchmarks/results/jmh-2026-12-02'" benchmarks/jmh/forwarding.gp
# ns per packet by inner packet size, per cipher: gateway to client (route + seal), and the
# gateway's receive path (client to gateway minus the client's seal). Data: summarize.py.
set terminal pngcairo size 900,420 font ",10"
set output dir."/forwarding.png"
set multiplot layout 1,2 title "p2sgate data path, ns per packet (JMH, 1 fork, shared 2-core VM: rough)"
set xlabel "inner IP packet size (bytes)"
set ylabel "ns / packet"
set key top left
set grid
set xrange [0:1500]
set yrange [0:*]
set title "gateway → client (onTunPacket)"
plot for [i=0:2] dir."/forwarding.dat" index i using 2:3 with linespoints lw 2 title columnheader(1)
set title "client → gateway (onPacket, derived)"
plot for [i=0:2] dir."/forwarding.dat" index i using 2:4 with linespoints lw 2 title columnheader(1)
unset multiplot
