#!/usr/bin/env bash
# test_file_modes.sh: every file the station writes is 0600 in 0700 folders, whatever the
# umask: the station's writing commands run under umask 000, then every file and folder
# under the data directories and the outputs is checked with stat. The FFTW wisdom goes
# in --data-dir when one is given (not in ~/.local/share/station), and an output that is a
# symlink is replaced, never followed; an old 0644 output becomes 0600.
#   test_file_modes.sh PATH/TO/station
set -uo pipefail
station=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/modes.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/cli_expect.sh"

umask 000
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/xdg"
mkdir -m 700 "$tmp/home" "$tmp/out"
data="$tmp/data/station"
out="$tmp/out"
echo 'do not touch' >"$tmp/victim"
chmod 644 "$tmp/victim"
ln -s ../victim "$out/linked.csv"
echo old >"$out/old.csv"
chmod 644 "$out/old.csv"

expect 0 '^$' -- "$station" record --plate sim:heel-raises --fast --seconds 3 --out "$out/a.rec" --truth "$out/truth.json"
expect 0 '^$' -- "$station" record --plate sim:quiet --fast --seconds 1 --out "$out/a.csv"
expect 0 '^$' -- "$station" record --plate sim:quiet --fast --seconds 1 --raw --out "$out/raw.csv"
expect 0 '^$' -- "$station" export-csv "$out/a.rec" "$out/linked.csv"
expect 0 '^$' -- "$station" export-csv "$out/a.rec" "$out/old.csv"
expect 0 '^$' -- "$station" import-csv "$out/a.csv" "$out/b.rec"
expect 0 '"reps"' -- "$station" analyse --exercise heel-raise "$out/a.rec"
expect 0 'added' -- "$station" patients add M1 --phase 2 --data-dir "$data"
expect 0 'the physio PIN is set' -- sh -c "echo 2468 | '$station' pin set --data-dir '$data'"
expect 0 '' -- "$station" session --headless --patient M1 --plate sim --fast --data-dir "$data" </dev/null
expect 0 '' -- "$station" export M1 --csv "$out/export" --data-dir "$data"
expect 0 '' -- env SDL_VIDEODRIVER=dummy "$station" --windowed --plate sim:quiet --data-dir "$data" --seconds 0.5

check "the symlinked output's target is untouched" test "$(cat "$tmp/victim")" = 'do not touch'
check "the victim keeps its own mode" test "$(stat -c %a "$tmp/victim")" = 644
check "a symlink at the output is replaced by a file" test ! -L "$out/linked.csv"
check "the wisdom is in --data-dir" test -f "$data/fftw-wisdom"
check "the screen, session and analysis made recordings and wisdom" test -n "$(find "$data" -name '*.rec' | head -1)"
check "nothing in ~/.local/share/station from the commands given --data-dir" \
	test ! -e "$HOME/.local/share/station"

bad=$(find "$tmp/data" "$tmp/xdg" "$out" \( \( -type f ! -perm 600 \) -o \( -type d ! -perm 700 \) \) -printf '%m %p\n')
check "every file 0600 and folder 0700 under umask 000: ${bad:-all}" test -z "$bad"
echo "files checked: $(find "$tmp/data" "$tmp/xdg" "$out" -type f | wc -l)"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
