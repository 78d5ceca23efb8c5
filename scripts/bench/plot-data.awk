# Tables for plot.gp from build/results/bench.csv (bench.sh): one row per
# size, median, min and max of each protocol side by side, in dir/:
# cycle-pages.dat (1 mapping), cycle-maps.dat (the mapping sweep's dirty
# pages), paired-pages.dat and paired-maps.dat (the paired ratios to the
# floor), wrprotect.dat and fb_defio.dat.
function table(file, xs, nx, ss, nss, fig, fixed_pages,   i, j, k) {
	printf "x" >file
	for (j = 1; j <= nss; j++)
		printf " %s min max", ss[j] >file
	printf "\n" >file
	for (i = 1; i <= nx; i++) {
		printf "%s", xs[i] >file
		for (j = 1; j <= nss; j++) {
			if (fixed_pages)
				k = ss[j] SUBSEP fig[j] SUBSEP fixed_pages SUBSEP xs[i]
			else
				k = ss[j] SUBSEP fig[j] SUBSEP xs[i] SUBSEP 1
			if (k in med)
				printf " %s %s %s", med[k], lo[k], hi[k] >file
			else
				printf " NaN NaN NaN" >file
		}
		printf "\n" >file
	}
	close(file)
}

END {
	for (j = 1; j <= ns; j++) {
		cfig[j] = "cycle"
		pfig[j] = "cycle_paired"
	}
	table(dir "/cycle-pages.dat", pages, np, series, ns, cfig, 0)
	table(dir "/paired-pages.dat", pages, np, series, ns, pfig, 0)
	if (sweep) {
		table(dir "/cycle-maps.dat", maps, nm, series, ns, cfig, sweep)
		table(dir "/paired-maps.dat", maps, nm, series, ns, pfig, sweep)
	}
	wseries[1] = wseries[2] = wseries[3] = wseries[4] = "mkwrite/pages"
	wfig[1] = "wrprotect_per_page"
	wfig[2] = "wrprotect_runs"
	wfig[3] = "wrprotect_walk"
	wfig[4] = "wrprotect_mprotect"
	table(dir "/wrprotect.dat", wpages, nw, wseries, 4, wfig, 0)
	fseries[1] = fseries[3] = "fb_defio/kmem"
	fseries[2] = "fb_defio/vmalloc"
	ffig[1] = ffig[2] = "wrprotect_run"
	ffig[3] = "mprotect_run"
	table(dir "/fb_defio.dat", fpages, nf, fseries, 3, ffig, 0)
	print sweep >(dir "/sweep-pages")
}
