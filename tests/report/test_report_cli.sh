#!/usr/bin/env bash
# test_report_cli.sh: `station report` and `station graphs` as a physio meets them: the
# files written (private, whole), and clear refusals with a non-zero exit.
#   test_report_cli.sh PATH/TO/station PATH/TO/store_fixture
set -uo pipefail
station=$1
fixture=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/report-cli.XXXXXX")
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
data=$tmp/data
source "$(dirname "${BASH_SOURCE[0]}")/../cli/cli_expect.sh"

check "fixture" "$fixture" "$data" P-9 H-1

# the report
expect 0 'P-9: report of 4 sessions in .*/p9.pdf' -- "$station" report P-9 --pdf "$tmp/p9.pdf" --data-dir "$data"
check "report private (0600)" test "$(stat -c %a "$tmp/p9.pdf")" = 600
check "report is a PDF" grep -q '^%PDF-' "$tmp/p9.pdf"
check "no temporary left beside it" test -z "$(ls "$tmp" | grep tmp-)"
expect 0 'P-9  +Fixture' -- pdftotext -layout "$tmp/p9.pdf" -
# the lowering's reps timed: the one "not measured" of 27 Sep is not among them (1/2)
expect 0 '27 Sep 2026 .* 3\.5 \(1/1\)' -- pdftotext -layout "$tmp/p9.pdf" -
# a physio's count beside the programme's own range (it quoted the physio's 8 as the range)
expect 0 'added D-3' -- "$station" patients add D-3 --phase 3 --data-dir "$data"
expect 0 'count per set 8' -- "$station" dose D-3 --reps 8 --by K --why easier --data-dir "$data"
expect 0 'D-3: report' -- "$station" report D-3 --pdf "$tmp/d3.pdf" --data-dir "$data"
expect 0 "3 sets of 8 reps \(the programme's range: 3 sets of 12-15\)" -- pdftotext -layout "$tmp/d3.pdf" -
expect 0 'report of 2 sessions' -- "$station" report P-9 --pdf "$tmp/r.pdf" --from 2026-09-22 --to 2026-09-26 --data-dir "$data"
expect 0 'report of 0 sessions' -- "$station" report P-9 --pdf "$tmp/r.pdf" --from 2027-01-01 --data-dir "$data"

# refusals
expect 1 "no patient 'P-404'" -- "$station" report P-404 --pdf "$tmp/x.pdf" --data-dir "$data"
check "no file for an unknown patient" test ! -e "$tmp/x.pdf"
expect 2 "--from: '2026-13-01' is not a date" -- "$station" report P-9 --pdf "$tmp/x.pdf" --from 2026-13-01 --data-dir "$data"
expect 2 "--to: '12/03/2026' is not a date: YYYY-MM-DD" -- "$station" report P-9 --pdf "$tmp/x.pdf" --to 12/03/2026 --data-dir "$data"
expect 2 "--from: '0000-01-01': a year from 2000 to 9999" -- "$station" report P-9 --pdf "$tmp/x.pdf" --from 0000-01-01 --data-dir "$data"
expect 2 '--from is after --to' -- "$station" report P-9 --pdf "$tmp/x.pdf" --from 2026-10-01 --to 2026-09-01 --data-dir "$data"
expect 2 '--pdf FILE is required' -- "$station" report P-9 --data-dir "$data"
expect 2 '^station report: --pdf: the name is empty; give the PDF file to write, e.g. --pdf P-14-report.pdf$' -- "$station" report P-9 --pdf "" --data-dir "$data"
expect 2 '^station graphs: --png: the name is empty; give the folder to write, e.g. --png P-14-graphs$' -- "$station" graphs P-9 --png "" --data-dir "$data"
expect 2 '--png is for another command' -- "$station" report P-9 --png "$tmp" --data-dir "$data"
expect 2 'usage: station report' -- "$station" report --pdf "$tmp/x.pdf" --data-dir "$data"
expect 1 "$tmp/none/x.pdf: cannot create it: No such file or directory" -- "$station" report P-9 --pdf "$tmp/none/x.pdf" --data-dir "$data"
mkdir "$tmp/ro" && chmod 500 "$tmp/ro"
if [ "$(id -u)" -ne 0 ]; then
	expect 1 "$tmp/ro/x.pdf: cannot create it: Permission denied" -- "$station" report P-9 --pdf "$tmp/ro/x.pdf" --data-dir "$data"
fi
expect 2 "$tmp: not a regular file" -- "$station" report P-9 --pdf "$tmp" --data-dir "$data"
# the station's own files are not replaced by a report
expect 1 "inside the station's data folder" -- "$station" report P-9 --pdf "$data/station.db" --data-dir "$data"
expect 1 "inside the station's data folder" -- "$station" graphs P-9 --png "$data" --data-dir "$data"
expect 1 "inside the station's data folder" -- "$station" graphs P-9 --png "$data/recordings/new" --data-dir "$data"
check "no graph written into the data folder" test -z "$(find "$data" -name '*.png')"
# only reading: a mistyped data folder is said, not made into an empty station
expect 1 "no station data folder $tmp/typo" -- "$station" report P-9 --pdf "$tmp/t.pdf" --data-dir "$tmp/typo"
expect 1 "no station data folder $tmp/typo" -- "$station" graphs P-9 --png "$tmp/t" --data-dir "$tmp/typo"
check "no store made for a typo" test ! -e "$tmp/typo"
expect 0 'P-9' -- "$station" patients --data-dir "$data"
# an old report is replaced whole, never left half-written
echo old >"$tmp/old.pdf"
expect 0 'report of 3 sessions' -- "$station" report H-1 --pdf "$tmp/old.pdf" --data-dir "$data"
check "old report replaced" grep -q '^%PDF-' "$tmp/old.pdf"

# the graphs as PNG
expect 0 'H-1: [0-9]+ graphs in' -- "$station" graphs H-1 --png "$tmp/png" --data-dir "$data"
done_png=$(ls "$tmp/png/"*-reps-holds-or-hops-done.png)
check "hop graphs written" test -s "$done_png"
check "RSI graph written" ls "$tmp/png/"*reactive-strength-index.png
# hops on both feet have a load share, as reps and holds do
check "hop load share graph written" ls "$tmp/png/"*load-share-and-lsi.png
check "PNG folder private (0700)" test "$(stat -c %a "$tmp/png")" = 700
check "PNG private (0600)" test "$(stat -c %a "$done_png")" = 600
expect 0 'P-9: [0-9]+ graphs in' -- "$station" graphs P-9 --png "$tmp/small" --size 800x480 --data-dir "$data"
# the PNG header's width and height (800 x 480)
check "PNG of 800 x 480" test "$(od -An -tx1 -j16 -N8 "$tmp/small/01-lowering-time.png" | tr -d ' \n')" = 00000320000001e0
expect 2 '--size wants WIDTHxHEIGHT' -- "$station" graphs H-1 --png "$tmp/png" --size 10x10 --data-dir "$data"
expect 2 '--png DIR is required' -- "$station" graphs H-1 --data-dir "$data"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
