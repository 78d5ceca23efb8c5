# The rows of build/results/bench.csv (bench-report.sh), for summary.awk and
# plot-data.awk: med[], lo[], hi[], ratio[] by series ("protocol/backing"),
# figure, dirty pages and mappings; the lists of series, sizes and mappings
# the cycle sweeps ran (series[], pages[], maps[], sweep: the mapping
# sweep's dirty pages), of the write-protect sizes (wpages[]), of the
# fb_defio sizes (fpages[]) and of the throughput series (tseries[], tkey[]).
BEGIN { FS = "," }

# Append v to list[1..n] unless it is there; returns the new n.
function add(list, n, v,   i) {
	for (i = 1; i <= n; i++)
		if (list[i] == v)
			return n
	list[n + 1] = v
	return n + 1
}

FNR == 1 || /^#/ { next }
{
	s = $1 "/" $2
	k = s SUBSEP $3 SUBSEP $4 SUBSEP $5
	med[k] = $6; lo[k] = $7; hi[k] = $8; ratio[k] = $11
	if ($3 == "cycle") {
		ns = add(series, ns, s)
		if ($5 == 1)
			np = add(pages, np, $4)
		else
			sweep = $4
		nm = add(maps, nm, $5)
	}
	if ($3 == "wrprotect_per_page")
		nw = add(wpages, nw, $4)
	if ($1 == "fb_defio")
		nf = add(fpages, nf, $4)
	if ($3 ~ /^throughput/) {
		nt = add(tseries, nt, s)
		tkey[s, $3] = k
	}
}
