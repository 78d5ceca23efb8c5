# The benchmark's plot (bench.sh): the cost per page and mapping of the
# write-notify cycle against dirty pages and against mappings, the same as
# paired ratios to the floor, the write-protect cost per PTE, and fb_defio's.  Inputs:
# dir (the tables of plot-data.awk), out (the SVG), subtitle.
sweep = system("cat '" . dir . "/sweep-pages'")
set terminal svg size 1300,1250 dynamic font "sans,12" background "white"
set termoption noenhanced
set output out
set key top right
set grid
# In the order of the tables: the floor (dashed) first, the control last.
colors = "black #1f60c0 #c0302a #2a9a3a #8a3ab0 #d08000 #909090"
set style line 1 lc rgb "black" dt 2 pt 7
do for [i = 2:7] { set style line i lc rgb word(colors, i) dt 1 pt 7 }
set multiplot layout 3,2 title "pfnmap-mkwrite: medians, bars from min to max\n" . subtitle

set title "Write-notify cycle, 1 mapping"
set xlabel "dirty pages"
set ylabel "ns per page and mapping"
set logscale x 4
set yrange [0:*]
f = dir . "/cycle-pages.dat"
# All but the last series: the control is the floor again.
plot for [i = 0:5] f using 1:(column(2 + 3 * i)):(column(3 + 3 * i)):(column(4 + 3 * i)) \
	with yerrorlines ls (i + 1) pointsize 0.5 title columnhead(2 + 3 * i)

set title "Write-notify cycle, " . sweep . " dirty pages"
set xlabel "mappings of the buffer"
set logscale x 2
f = dir . "/cycle-maps.dat"
plot for [i = 0:5] f using 1:(column(2 + 3 * i)):(column(3 + 3 * i)):(column(4 + 3 * i)) \
	with yerrorlines ls (i + 1) pointsize 0.5 title columnhead(2 + 3 * i)

set title "Paired ratio to the floor, 1 mapping (the control: the floor again)"
set xlabel "dirty pages"
set ylabel "time over the floor's, same samples"
set logscale x 4
set yrange [0:3]
f = dir . "/paired-pages.dat"
plot for [i = 0:6] f using 1:(column(2 + 3 * i)) with linespoints ls (i + 1) \
	pointsize 0.5 title columnhead(2 + 3 * i), \
	1.05 with lines lc rgb "#e08000" dt 3 title "1.05 (target)"

set title "Paired ratio to the floor, " . sweep . " dirty pages"
set xlabel "mappings of the buffer"
set logscale x 2
f = dir . "/paired-maps.dat"
plot for [i = 0:6] f using 1:(column(2 + 3 * i)) with linespoints ls (i + 1) \
	pointsize 0.5 title columnhead(2 + 3 * i), \
	1.05 with lines lc rgb "#e08000" dt 3 title "1.05 (target)"

set title "Write-protect, new API, contiguous pages"
set xlabel "dirty pages"
set ylabel "ns per write-protected PTE"
set logscale x 4
set yrange [0:*]
f = dir . "/wrprotect.dat"
plot f using 1:2:3:4 with yerrorlines ls 2 pointsize 0.5 title "a call per page (rmap)", \
	f using 1:5:6:7 with yerrorlines ls 3 pointsize 0.5 title "a call per run (rmap)", \
	f using 1:8:9:10 with yerrorlines ls 4 pointsize 0.5 title "a call per run (walk)", \
	f using 1:11:12:13 with yerrorlines ls 1 pointsize 0.5 title "mprotect(PROT_READ)"

set title "fb_defio: the flush's write-protect pass, a run"
set ylabel "ns per dirty page"
f = dir . "/fb_defio.dat"
plot f using 1:2:3:4 with yerrorlines ls 2 pointsize 0.5 title "kmem (walk per run)", \
	f using 1:5:6:7 with yerrorlines ls 3 pointsize 0.5 title "vmalloc (rmap per page)", \
	f using 1:8:9:10 with yerrorlines ls 1 pointsize 0.5 title "mprotect(PROT_READ), kmem"

unset multiplot
