# gnuplot targets.gp: targets.png from targets.dat (issue 9's targets, share of each reached)
set terminal pngcairo size 1000,660 font ",10"
set output "targets.png"
set title "p2sgate against issue 9's targets (share of target reached; 1 = met)\nOpenVPN 2.6.14 in the same runs, 2 vCPUs, 2026-12-03"
set style fill solid 0.8 border -1
set yrange [-0.7:*] reverse
set xrange [0:3.2]
set ytics nomirror
set xtics 0.5
set grid xtics
set arrow from 1, graph 0 to 1, graph 1 nohead dt 2 lw 2 lc rgb "black"
set xlabel "share of target reached (t / ratio for 'at most', ratio / t for 'at least')"
unset key
set offsets 0, 0, 0.5, 0.5
plot "targets.dat" using ($4 > 3 ? 3 : $4):0:(0):($4 > 3 ? 3 : $4):($0 - 0.38):($0 + 0.38):($4 >= 1 ? 0x2fa37f : 0xd1495b):ytic(1) \
     with boxxyerror lc rgb variable
