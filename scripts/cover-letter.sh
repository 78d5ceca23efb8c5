#!/bin/bash
# "read": print the subject and blurb of a format-patch cover letter (stdin)
# as a branch description: subject, blank line, body.
set -euo pipefail
[ "${1:-}" = read ] || { echo "usage: $0 read <cover-letter.patch" >&2; exit 2; }
awk '
	state == 0 && /^Subject: / { sub(/^Subject: (\[[^]]*\] )?/, ""); subj = $0; state = 1; next }
	state == 1 && /^[ \t]/ { sub(/^[ \t]+/, " "); subj = subj $0; next }
	(state == 1 || state == 3) && /^$/ { print subj; print ""; state = 2; next }
	# Other headers after the subject (To:, Cc:), continuation lines too.
	state == 1 || state == 3 { state = 3; next }
	state == 2 && /^[^ ].* \([0-9]+\):$/ { exit }
	state == 2 { body = body $0 "\n" }
	END { sub(/\n+$/, "\n", body); printf "%s", body }
' 
