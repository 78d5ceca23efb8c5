#!/bin/bash
# make run's report, from the guest's output of its boot:
#
#   run-report.sh GUEST_OUT ARCH ACCEL
#
# Prints, for each protocol the race test ran (named as the selftest names
# its variants), the writes, the pages lost and the driver's counters, then
# the counts of the cycle, integrity, refcount and GUP cases.  Exits
# non-zero unless the race test reported, and every positive control (the
# selftest prints racy=1: the protocols with a lost-write window) lost
# pages while no other protocol lost any.  scripts/run-report-selftest.sh
# checks it on saved output.
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 GUEST_OUT ARCH ACCEL" >&2; exit 2; }
tr -d '\r' <"$1" | awk -v arch="$2" -v accel="$3" '
	function field(name,   i, kv) {
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == name)
				return kv[2]
		}
		return "?"
	}
	# Results of one kind of case: ok, skipped, in all.
	function count(kind) {
		total[kind]++
		if (/# SKIP/) skipped[kind]++
		else if ($1 == "ok") ok[kind]++
	}
	/^# race: protocol=/ {
		n++
		proto[n] = field("protocol"); backing[n] = field("backing")
		writes[n] = field("writes"); lost[n] = field("lost")
		pages[n] = field("pages"); racy[n] = field("racy")
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
		printf "%-20s %-12s %-7s %11s %10s %8s %8s %10s %8s\n", "protocol", "backing",
		       "control", "writes", "pages lost", "faults", "mkwrites", "wrprotects", "flushes"
		for (i = 1; i <= n; i++) {
			if (racy[i] != "0" && racy[i] != "1") {
				printf "%s/%s: no racy= in its race line\n", proto[i], backing[i]
				bad_race++
				continue
			}
			printf "%-20s %-12s %-7s %11s %6s/%-3s %8s %8s %10s %8s\n", proto[i],
			       backing[i], racy[i] ? "yes" : "", writes[i], lost[i], pages[i],
			       faults[i], mkw[i], wp[i], fl[i]
			# The positive controls must lose, all others nothing.
			if ((racy[i] == "1") != (lost[i] + 0 > 0))
				bad_race++
		}
		printf "\n(protocol and backing as the selftest names its variants; a lost page is one\n"
		printf "whose last write never reached the device copy; \"control\": a lost-write\n"
		printf "window kept on purpose, which must lose, as the old ->pfn_mkwrite returning 0)\n"
		printf "race: %d of %d protocols as expected (the controls lose, all others lose none)\n",
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
	}'
