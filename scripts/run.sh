#!/bin/bash
# The main job: boot the patched kernel, run the cycle, integrity, race,
# refcount and GUP cases of pfnmap_mkwrite once per protocol, and report what
# this run saw.  Exits non-zero unless every check came out as expected:
# the VM ran clean, every case passed (or skipped as scripts/expected-skips
# allows), and the two old protocols (->pfn_mkwrite returning 0, and
# ->page_mkwrite with a flusher that takes no page lock) lost pages while
# no other protocol did.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh

top=$BUILD/results/run
results=$top/$ARCH-$FLAVOUR/main
rm -rf "$top"
mkdir -p "$results"
cat >"$results/run.sh" <<'GUEST'
. /extra/guest-lib.sh
suite modules load_modules pfnmap_test
suite block_fs block_fs
suite pfnmap_mkwrite env TMPDIR=/mnt/disk ./pfnmap_mkwrite -t cycle -t integrity \
	-t race -t refcount -t gup_process_vm -t gup_vmsplice -t gup_odirect -t gup_io_uring
GUEST
printf '%s\n' modules block_fs pfnmap_mkwrite >"$results/suites"
vm_rc=0
scripts/vm-run.sh "$results/run.sh" "$results" scripts/guest-lib.sh >"$results/vm-run.log" || vm_rc=$?
summary_rc=0
scripts/summarize.sh "$results" >"$top/summary.txt" || summary_rc=$?
report_rc=0
tr -d '\r' <"$results/guest.out" | awk -v accel="$(cat "$results/accel")" -v arch="$ARCH" '
	function label(p) {
		if (p == "mkwrite") return "new API (vmf_insert_pfn_mkwrite)"
		if (p == "return0") return "old: return 0 from ->pfn_mkwrite"
		if (p == "zap") return "zap the PTE and refault"
		if (p == "page_mkwrite") return "struct pages, ->page_mkwrite"
		if (p == "page_mkwrite_nolock") return "old: struct pages, unlocked flush"
		return p
	}
	# The positive controls: the lost-write windows that the new API, and
	# the page lock in the flusher, close.
	function racy(p) {
		return p == "return0" || p == "page_mkwrite_nolock"
	}
	function field(name,   i, kv) {
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == name)
				return kv[2]
		}
		return "?"
	}
	# Results of one kind of case: ok, skipped (with the reason), failed.
	function count(kind) {
		total[kind]++
		if (/# SKIP/) skipped[kind]++
		else if ($1 == "ok") ok[kind]++
	}
	/^# race: protocol=/ {
		n++
		proto[n] = field("protocol"); backing[n] = field("backing")
		writes[n] = field("writes"); lost[n] = field("lost"); pages[n] = field("pages")
	}
	/^# race: faults=/ {
		faults[n] = field("faults"); mkw[n] = field("mkwrites")
		wp[n] = field("wrprotected"); fl[n] = field("flushes")
	}
	/^# race: writers=/ {
		writers = field("writers"); seconds = field("seconds")
		flush_us = field("flush_delay_us"); window_us = field("window_us")
	}
	/^(not )?ok [0-9]+ .*\.(cycle|integrity)( |$)/ { count("cycle") }
	/^(not )?ok [0-9]+ .*\.refcount( |$)/ { count("refcount") }
	/^(not )?ok [0-9]+ .*\.gup_/ { count("gup") }
	/^(not )?ok [0-9]+ .*\.race( |$)/ { count("race") }
	END {
		if (!n) {
			print "pfnmap-mkwrite: the race test reported nothing"
			exit 1
		}
		printf "pfnmap-mkwrite on %s (%s): %s writer threads, one page each, for %s s\n",
		       arch, accel, writers, seconds
		printf "against a flusher every %s us, %s us delay after ->{pfn,page}_mkwrite unlocks.\n\n",
		       flush_us, window_us
		printf "%-34s %-8s %11s %10s %8s %8s %10s %8s\n", "protocol", "backing",
		       "writes", "pages lost", "faults", "mkwrites", "wrprotects", "flushes"
		for (i = 1; i <= n; i++) {
			printf "%-34s %-8s %11s %6s/%-3s %8s %8s %10s %8s\n", label(proto[i]),
			       backing[i], writes[i], lost[i], pages[i], faults[i], mkw[i], wp[i], fl[i]
			# The old protocols must lose, all others nothing.
			if (racy(proto[i]) != (lost[i] + 0 > 0))
				bad_race++
		}
		printf "\n(a lost page is one whose last write never reached the device copy)\n"
		printf "race: %d of %d protocols as expected (the two old ones lose, all others lose none)\n",
		       n - bad_race, n
		printf "race cases: %d of %d passed, %d skipped\n", ok["race"], total["race"], skipped["race"]
		printf "cycle and integrity: %d of %d passed, %d skipped\n", ok["cycle"], total["cycle"],
		       skipped["cycle"]
		printf "refcount: %d of %d passed, %d skipped (PFNMAP: no refcount moved through faults,\n",
		       ok["refcount"], total["refcount"], skipped["refcount"]
		printf "  GUP attempts and munmap; struct pages: one reference per mapping, dropped at munmap)\n"
		printf "GUP refused on special PTEs (process_vm_readv, vmsplice, O_DIRECT, io_uring): %d of %d passed, %d skipped\n",
		       ok["gup"], total["gup"], skipped["gup"]
		printf "  (skipped: the struct-page protocols, where GUP works)\n"
		exit (bad_race > 0)
	}' | tee "$top/report.txt" || report_rc=$?
echo
cat "$top/summary.txt"
if [ $vm_rc -ne 0 ] || [ $summary_rc -ne 0 ] || [ $report_rc -ne 0 ]; then
	[ $vm_rc -eq 0 ] || cat "$results/vm-run.log"
	echo "run: FAILED (results in $top)"
	exit 1
fi
echo "run: every check as expected (results in $top)"
