# The key figures of build/results/bench.csv as plain-text tables (bench.sh).
# Columns: protocol,backing,figure,dirty_pages,mappings,median,min,max,runs,
# unit,ratio_to_floor.
# Least squares y = a + b x over points 1..n of fx[], fy[]: sets slope,
# icept and r2.
function fit(n,   i, sx, sy, sxx, sxy, syy, d) {
	sx = sy = sxx = sxy = syy = 0
	for (i = 1; i <= n; i++) {
		sx += fx[i]; sy += fy[i]
		sxx += fx[i] * fx[i]; sxy += fx[i] * fy[i]; syy += fy[i] * fy[i]
	}
	d = n * sxx - sx * sx
	slope = d ? (n * sxy - sx * sy) / d : 0
	icept = n ? (sy - slope * sx) / n : 0
	d = d * (n * syy - sy * sy)
	r2 = d > 0 ? (n * sxy - sx * sy) ^ 2 / d : 0
}

# Short column names: the tables have six of them.
function label(s) {
	sub(/vmalloc$/, "vm", s)
	sub(/^return0_control/, "control", s)
	return s
}

# The key of series s, figure f, at the i-th size of a table.
function key(s, f, i, fixed_pages) {
	if (fixed_pages)
		return s SUBSEP f SUBSEP fixed_pages SUBSEP maps[i]
	return s SUBSEP f SUBSEP pages[i] SUBSEP 1
}

# The key of series s, figure f, at the i-th size of both sweeps: the
# np page counts at 1 mapping, then the nm mapping counts.
function size_key(s, f, i) {
	return i <= np ? key(s, f, i, 0) : key(s, f, i - np, sweep)
}

function header(xname,   j) {
	printf "%-12s", xname
	for (j = 1; j <= ns; j++)
		printf " %16s", label(series[j])
	printf "\n"
}

# A table of figure f (cycle or cycle_paired) at each size: medians with
# their ratio to the floor, or, for the paired figure, the paired ratio.
function size_table(f, title, xname, n, fixed_pages,   i, j, k) {
	print title
	header(xname)
	for (i = 1; i <= n; i++) {
		printf "%-12s", fixed_pages ? maps[i] : pages[i]
		for (j = 1; j <= ns; j++) {
			k = key(series[j], f, i, fixed_pages)
			if (!(k in med))
				printf " %16s", "-"
			else if (f == "cycle")
				printf " %8.0f %6.3fx", med[k], ratio[k]
			else
				printf " %15.3fx", med[k]
		}
		printf "\n"
	}
	printf "\n"
}

# "lo..hi" of the medians of figure f of series s over every size.
function range(s, f,   i, k, r, a, b) {
	a = b = ""
	for (i = 1; i <= np + nm; i++) {
		k = size_key(s, f, i)
		if (!(k in med))
			continue
		r = f == "cycle" ? ratio[k] + 0 : med[k] + 0
		if (a == "" || r < a)
			a = r
		if (b == "" || r > b)
			b = r
	}
	return a == "" ? "-" : sprintf("%.2fx..%.2fx", a, b)
}

# Sizes where figure f of series s is within limit of the floor.
function within(s, f, limit,   i, k, r, c) {
	c = 0
	for (i = 1; i <= np + nm; i++) {
		k = size_key(s, f, i)
		r = f == "cycle" ? ratio[k] : med[k]
		if ((k in med) && r + 0 <= limit)
			c++
	}
	return c
}

# The target at every size: the new API within 1.02x of the floor, and
# within the A/A control + 0.02.  Paired on the host's clock, which pairing
# steadies; on the instruction counter (clock "icount") the ratio of the
# medians, as a sample's count does not depend on the host and pairing only
# adds the spread of two samples.  Prints each size's two ratios and which
# sizes miss.
function target_ratio(s, i,   k, f) {
	if (clock != "icount")
		return med[size_key(s, "cycle_paired", i)]
	k = size_key(s, "cycle", i)
	f = size_key("return0/pages", "cycle", i)
	return med[k] == "" || med[f] == "" ? "" : med[k] / med[f]
}

function target_check(   i, a, c, over, over_ctl, n) {
	over = over_ctl = ""
	n = 0
	printf "  Target (%s): new API <= 1.02x the floor and <= the control + 0.02:\n",
	       clock == "icount" ? "ratio of medians" : "paired"
	for (i = 1; i <= np + nm; i++) {
		a = target_ratio("mkwrite/pages", i)
		c = target_ratio("return0_control/pages", i)
		# Other tables may have referred to (so created) empty entries.
		if (a == "" || c == "")
			continue
		n++
		size = i <= np ? pages[i] " pages" : maps[i - np] " mappings"
		printf "    %-14s new API %.4fx, control %.4fx\n", size, a, c
		if (a + 0 > 1.02)
			over = over " " size ","
		if (a + 0 > c + 0.02)
			over_ctl = over_ctl " " size ","
	}
	sub(/,$/, "", over)
	sub(/,$/, "", over_ctl)
	# No figures: nothing was checked, which is no "none over".
	if (!n) {
		print "  not checked: the run has no cycle figures of the new API and the control\n"
		return
	}
	printf "  over 1.02x at:%s\n", over == "" ? " none" : over
	printf "  over the control + 0.02 at:%s\n\n", over_ctl == "" ? " none" : over_ctl
}

# What the new API adds to each write fault (one a page and mapping per
# cycle): its cycle's median minus the floor's, at every size.
function fault_cost(   i, k, f, d, a, b) {
	a = b = ""
	for (i = 1; i <= np + nm; i++) {
		k = size_key("mkwrite/pages", "cycle", i)
		f = size_key("return0/pages", "cycle", i)
		if (med[k] == "" || med[f] == "")
			continue
		d = med[k] - med[f]
		if (a == "" || d < a)
			a = d
		if (b == "" || d > b)
			b = d
	}
	if (a != "")
		printf "  The new API over the floor, per write fault (medians): %.0f to %.0f %s\n\n", a, b,
		       clock == "icount" ? "instructions" : "ns"
}

END {
	print "Medians over samples; \"x\" is the ratio to the floor, return0/pages (the"
	print "old, racy ->pfn_mkwrite returning 0), measured in the same boot.  The"
	print "control, return0_control/pages, is the floor again on a buffer of its own:"
	print "its distance from 1.00x is the noise of the method."
	print ""
	if (ns) {
		size_table("cycle", "Write-notify cycle, ns per page and mapping, 1 mapping:", "dirty pages", np, 0)
		if (sweep)
			size_table("cycle", "Write-notify cycle, ns per page and mapping, " sweep " dirty pages:",
				   "mappings", nm, sweep)
		print "Paired ratio to the floor: per sample, over the floor's sample taken over"
		print "the same stretch of time (the protocols take turns cycle by cycle, in a"
		print "random order each round); median:"
		size_table("cycle_paired", "1 mapping:", "dirty pages", np, 0)
		if (sweep)
			size_table("cycle_paired", sweep " dirty pages:", "mappings", nm, sweep)
		print "Over all sizes (" np + nm " sizes), ratio of medians; paired ratio:"
		for (j = 1; j <= ns; j++) {
			if (series[j] == "return0/pages")
				continue
			printf "  %-22s %13s; %13s\n", series[j], range(series[j], "cycle"),
			       range(series[j], "cycle_paired")
		}
		printf "  new API within 1.05x of the floor at %d of %d sizes (ratio of medians),\n",
		       within("mkwrite/pages", "cycle", 1.05), np + nm
		printf "  at %d of %d (paired); the control at %d and %d of %d\n",
		       within("mkwrite/pages", "cycle_paired", 1.05), np + nm,
		       within("return0_control/pages", "cycle", 1.05),
		       within("return0_control/pages", "cycle_paired", 1.05), np + nm
		target_check()
		fault_cost()

		print "Least-squares fit of the cycle time (total ns per cycle, not per page)"
		print "against dirty pages at 1 mapping, and against mappings of " sweep " dirty pages:"
		printf "%-22s %10s %10s %7s   %12s %10s %7s\n", "", "ns/page", "intercept", "R^2",
		       "ns/mapping", "(per page)", "R^2"
		for (j = 1; j <= ns; j++) {
			n = 0
			for (i = 1; i <= np; i++) {
				k = key(series[j], "cycle", i, 0)
				if (!(k in med))
					continue
				n++
				fx[n] = pages[i]; fy[n] = med[k] * pages[i]
			}
			fit(n)
			printf "%-22s %10.0f %10.0f %7.4f", series[j], slope, icept, r2
			n = 0
			for (i = 1; i <= nm; i++) {
				k = key(series[j], "cycle", i, sweep)
				if (!(k in med))
					continue
				n++
				fx[n] = maps[i]; fy[n] = med[k] * sweep * maps[i]
			}
			fit(n)
			printf "   %12.0f %10.0f %7.4f\n", slope, sweep ? slope / sweep : 0, r2
		}
		printf "\n"
	}
	if (nw) {
		print "Write-protect cost per PTE, mkwrite/pages, from the driver's counters"
		print "(mprotect: around the call, in user space).  \"x\": over the kernel's"
		print "limit at that size, from outside the series: the better of"
		print "mprotect(PROT_READ) of the range and one wp_shared_mapping_range() call"
		print "(timing only: it keeps the dirty bits, so write-notify cannot use it)."
		print "rmap: mapping_wrprotect_range(), a TLB flush per PTE; walk:"
		print "wp_clean_shared_mapping_range(), a page table walk and a flush per mapping:"
		printf "%-12s %24s %24s %24s %24s %15s\n", "dirty pages", "a call per page (rmap)",
		       "a call per run (rmap)", "a call per run (walk)", "wp_shared_mapping_range",
		       "mprotect"
		printf "%-12s", ""
		for (j = 1; j <= 4; j++)
			printf " %6s %8s %8s", "calls", "ns/PTE", "x"
		printf " %6s %8s\n", "ns/PTE", "x"
		for (i = 1; i <= nw; i++) {
			printf "%-12s", wpages[i]
			for (j = 1; j <= 5; j++) {
				f = j == 1 ? "per_page" : j == 2 ? "runs" : j == 3 ? "walk" : \
				    j == 4 ? "wp_shared" : "mprotect"
				k = "mkwrite/pages" SUBSEP "wrprotect_" f SUBSEP wpages[i] SUBSEP 1
				c = "mkwrite/pages" SUBSEP "wrprotect_calls_" f SUBSEP wpages[i] SUBSEP 1
				if (j < 5)
					printf " %6.0f", med[c]
				printf " %8.0f %7.2fx", med[k], ratio[k]
				if (wpages[i] == 1024)
					wp[j] = k
			}
			printf "\n"
		}
		if (wp[3] != "") {
			printf "\n"
			printf "At 1024 pages: the run path (a wp_clean_shared_mapping_range() call per run)\n"
			printf "costs %.0f ns per PTE, %.2fx the limit (target: within 1.5x); one\n",
			       med[wp[3]], ratio[wp[3]]
			printf "mapping_wrprotect_range() call per run %.0f ns, %.2fx; a call per page\n",
			       med[wp[2]], ratio[wp[2]]
			printf "%.0f ns, %.2fx.  wp_shared_mapping_range(): %.0f ns, %.2fx;\n",
			       med[wp[1]], ratio[wp[1]], med[wp[4]], ratio[wp[4]]
			printf "mprotect(PROT_READ): %.0f ns, %.2fx.\n", med[wp[5]], ratio[wp[5]]
		}
		printf "\n"
	}
	if (nf) {
		print "fbdev deferred I/O, through fb_defio on its test framebuffers: ns per"
		print "dirty page of a flush (fsync), and of its write-protect pass (from the"
		print "fsync() to ->deferred_io(), with the worker's wake-up).  kmem: a"
		print "wp_clean_shared_mapping_range() call per run; vmalloc: a"
		print "mapping_wrprotect_range() call per page, under the page lock.  Run: pages"
		print "0..N-1; scattered: every other page.  \"x\": over mprotect(PROT_READ) of"
		print "the run on the kmem framebuffer:"
		printf "%-12s %16s %25s %16s %25s %16s\n", "dirty pages", "mprotect",
		       "kmem run", "kmem scattered", "vmalloc run", "vmalloc scattered"
		printf "%-12s %16s %16s %8s %16s %16s %8s %16s\n", "", "ns/PTE", "wp-pass",
		       "fsync", "wp-pass", "wp-pass", "fsync", "wp-pass"
		for (i = 1; i <= nf; i++) {
			printf "%-12s", fpages[i]
			k = "fb_defio/kmem" SUBSEP "mprotect_run" SUBSEP fpages[i] SUBSEP 1
			printf " %16.0f", med[k]
			for (j = 1; j <= 4; j++) {
				s = j <= 2 ? "fb_defio/kmem" : "fb_defio/vmalloc"
				f = j % 2 ? "run" : "scattered"
				k = s SUBSEP "wrprotect_" f SUBSEP fpages[i] SUBSEP 1
				if (k in med)
					printf " %7.0f %7.2fx", med[k], ratio[k]
				else
					printf " %16s", "-"
				if (f == "run") {
					k = s SUBSEP "fsync_" f SUBSEP fpages[i] SUBSEP 1
					printf " %8.0f", med[k]
				}
				if (fpages[i] == 1024 && j == 1)
					fk = k
			}
			printf "\n"
		}
		if (fk != "") {
			k = "fb_defio/kmem" SUBSEP "wrprotect_run" SUBSEP 1024 SUBSEP 1
			v = "fb_defio/vmalloc" SUBSEP "wrprotect_run" SUBSEP 1024 SUBSEP 1
			printf "\n"
			printf "At 1024 pages: fb_defio's write-protect pass of one run costs %.0f ns per\n",
			       med[k]
			printf "page, %.2fx mprotect(PROT_READ) of the run (target: within 1.5x); the\n",
			       ratio[k]
			printf "vmalloc framebuffer's, a call per page, %.0f ns, %.2fx.\n", med[v], ratio[v]
		}
		printf "\n"
	}
	if (nt) {
		print "Throughput: writers storing over the buffer, flush 1 ms after the first"
		print "write (\"x\": the protocol's rate over the floor's, above 1 is faster):"
		printf "%-22s %21s %21s\n", "", "pages flushed/s", "writes/s"
		for (j = 1; j <= nt; j++) {
			printf "%-22s", tseries[j]
			for (f = 1; f <= 2; f++) {
				k = tkey[tseries[j], f == 1 ? "throughput_flushed" : "throughput_writes"]
				if (k in med)
					printf " %12.0f %7.3fx", med[k], ratio[k]
				else
					printf " %21s", "-"
			}
			printf "\n"
		}
	}
}
