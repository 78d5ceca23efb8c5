#!/bin/bash
# The main job: boot the patched kernel, run the race, refcount and GUP
# cases of pfnmap_mkwrite once per protocol, and report what this run saw.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. scripts/arch.sh

results=$BUILD/results/run
rm -rf "$results"
mkdir -p "$results"
cat >"$results/run.sh" <<'GUEST'
. /extra/guest-lib.sh
modprobe pfnmap_test || echo "modprobe pfnmap_test failed"
block_fs
suite pfnmap_mkwrite env TMPDIR=/mnt/disk ./pfnmap_mkwrite -t race -t refcount \
	-t gup_process_vm -t gup_vmsplice -t gup_odirect -t gup_io_uring
GUEST
vm_rc=0
scripts/vm-run.sh "$results/run.sh" "$results" scripts/guest-lib.sh >"$results/vm-run.log" || vm_rc=$?
tr -d '\r' <"$results/guest.out" | awk -v accel="$(cat "$results/accel")" -v arch="$ARCH" '
	function label(p) {
		if (p == "mkwrite") return "new API (vmf_insert_pfn_mkwrite)"
		if (p == "return0") return "old: return 0 from ->pfn_mkwrite"
		if (p == "zap") return "zap the PTE and refault"
		if (p == "page_mkwrite") return "struct pages, ->page_mkwrite"
		return p
	}
	function field(name,   i, kv) {
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == name)
				return kv[2]
		}
		return "?"
	}
	/^# race: protocol=/ {
		n++
		proto[n] = label(field("protocol")); backing[n] = field("backing")
		writes[n] = field("writes"); lost[n] = field("lost"); pages[n] = field("pages")
	}
	/^# race: faults=/ {
		faults[n] = field("faults"); mkw[n] = field("mkwrites")
		wp[n] = field("wrprotected"); fl[n] = field("flushes")
	}
	/^(not )?ok [0-9]+ .*\.refcount/ { rc_total++; if ($1 == "ok") rc_ok++ }
	/^(not )?ok [0-9]+ .*\.gup_/ {
		if (/# SKIP/) { gup_skip++; next }
		gup_total++; if ($1 == "ok") gup_ok++
	}
	/^(not )?ok [0-9]+ .*\.race/ { race_total++; if ($1 == "ok") race_ok++ }
	END {
		printf "pfnmap-mkwrite on %s (%s): 32 writer threads, one page each, for 2 s\n", arch, accel
		printf "against a flusher every 1 ms, 200 us delay after ->pfn_mkwrite unlocks.\n\n"
		printf "%-34s %-8s %11s %10s %8s %8s %10s %8s\n", "protocol", "backing",
		       "writes", "pages lost", "faults", "mkwrites", "wrprotects", "flushes"
		for (i = 1; i <= n; i++)
			printf "%-34s %-8s %11s %6s/%-3s %8s %8s %10s %8s\n", proto[i], backing[i],
			       writes[i], lost[i], pages[i], faults[i], mkw[i], wp[i], fl[i]
		printf "\n(a lost page is one whose last write never reached the device copy)\n"
		printf "race checks: %d of %d as expected (old protocol loses, all others lose none)\n",
		       race_ok, race_total
		printf "refcount checks: %d of %d variants passed (PFNMAP: no refcount moved through faults,\n", rc_ok, rc_total
		printf "  GUP attempts and munmap; struct pages: one reference per mapping, dropped at munmap)\n"
		printf "GUP refused on special PTEs (process_vm_readv, vmsplice, O_DIRECT, io_uring): %d of %d cases", gup_ok, gup_total
		printf " (%d skipped: struct-page protocol or feature missing)\n", gup_skip
	}' | tee "$results/report.txt"
if [ $vm_rc -ne 0 ]; then
	cat "$results/vm-run.log"
	exit 1
fi
