#!/usr/bin/env bash
# check_layers.sh: every `#include "..."` in station/, drivers/ and calibration/ points down.
#
#   tests/check_layers.sh [TOP]     checks the tree at TOP (default: this repository)
#   tests/check_layers.sh --self-test
#
# The layers are the table between the `layers:` markers in TOP/README.md, lowest first:
# one row per layer, its folders in backquotes in the first column. A file may include
# headers of its own folder and of the folders of lower rows, nothing else (folders on one
# row are peers and do not include each other). A row whose second column names folders
# in backquotes is private to them: only those folders (and its own) include it. An
# include is resolved as the compiler does with these include paths: beside the file
# first, else the one header of that name in the three trees. Prints file:line and the edge for every include that points up or
# sideways, or that names a header found twice, and every source file in no layer; exits 1
# if there was any.
set -euo pipefail

# reported WHAT PATTERN...: the check refuses the scratch tree $tmp, with a line for each PATTERN
reported() {
	local what=$1 rc=0 out pattern
	shift
	out=$("$0" "$tmp" 2>&1) || rc=$?
	for pattern in "$@"; do
		if [ "$rc" -ne 1 ] || ! grep -q -- "$pattern" <<<"$out"; then
			echo "self-test: $what was not reported (exit $rc):"
			echo "$out"
			return 1
		fi
	done
}

self_test() {
	local here=$0 out
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' RETURN
	mkdir -p "$tmp/station/common" "$tmp/drivers/sim" "$tmp/calibration"
	cat >"$tmp/README.md" <<'MD'
<!-- layers: begin -->
| layer | included from | holds |
| --- | --- | --- |
| `station/common` | | errors |
| `drivers` | | plates |
| `drivers/sim` | `drivers` | a driver |
| `calibration` | | newtons |
<!-- layers: end -->
MD
	printf '#pragma once\n' >"$tmp/station/common/status.h"
	printf '#include "status.h"\n' >"$tmp/drivers/plate.h"
	printf '#include <stdio.h>\n#include "plate.h"\n#include "sim.h"\n' >"$tmp/drivers/sim/api.c"
	printf '#pragma once\n' >"$tmp/drivers/sim/sim.h"
	printf '#include "plate.h"\n#include "status.h"\n' >"$tmp/calibration/calib.h"
	printf '#include "calib.h"\n' >"$tmp/calibration/calib.c"
	if ! out=$("$here" "$tmp" 2>&1); then
		echo "self-test: a tree whose includes all point down was refused:"
		echo "$out"
		return 1
	fi
	# plant an include that points up: the driver uses the calibration
	printf '#include "plate.h"\n\n#include "calib.h"\n' >"$tmp/drivers/sim/sim.h"
	reported "the planted drivers/sim -> calibration include" \
		'^drivers/sim/sim.h:3: drivers/sim -> calibration (calib.h): calibration is not below drivers/sim$' || return 1
	# the calibration reaches into a driver's private header
	printf '#include "plate.h"\n' >"$tmp/drivers/sim/sim.h"
	printf '#include "calib.h"\n#include "sim.h"\n' >"$tmp/calibration/calib.c"
	reported "the planted include of a private header" \
		'^calibration/calib.c:2: calibration -> drivers/sim (sim.h): drivers/sim is private to drivers$' || return 1
	printf '#include "calib.h"\n' >"$tmp/calibration/calib.c"
	# a source folder missing from the table, and a header name found twice
	mkdir -p "$tmp/station/extra"
	printf '#pragma once\n' >"$tmp/station/extra/plate.h"
	reported "a folder in no layer or an ambiguous header" '^station/extra/plate.h: in no layer' \
		'^drivers/sim/api.c:2: "plate.h" is ambiguous' || return 1
	echo "self-test passed: clean tree accepted; planted upward include, private include, folder in no layer and ambiguous header reported"
}

if [ "${1:-}" = --self-test ]; then
	self_test
	exit
fi

top=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$top"
[ -f README.md ] || { echo "check_layers: $top/README.md not found" >&2; exit 2; }

files=$(find station drivers calibration -name '*.[ch]' 2>/dev/null | sort)
[ -n "$files" ] || { echo "check_layers: no sources under $top" >&2; exit 2; }
# One awk reads the table, then every file's name, then every include line (FILE:LINE:TEXT).
# shellcheck disable=SC2086 # $files: one path per word (no spaces in source names)
{
	sed -n '/<!-- layers: begin -->/,/<!-- layers: end -->/p' README.md | sed 's/^/T /'
	printf 'F %s\n' $files
	grep -Hn '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' $files | sed 's/^/I /' || true
} | awk '
function layer_of(p,    f, best) {
	best = ""
	for (f in rank)
		if (index(p, f "/") == 1 && length(f) > length(best))
			best = f
	return best
}
function dir_of(p) { sub(/\/[^\/]*$/, "", p); return p }
function base_of(p) { sub(/.*\//, "", p); return p }
$1 == "T" && $2 == "|" && $3 !~ /^(---|layer)/ {
	line = substr($0, 3)
	split(line, col, "|")
	rows++
	first = col[2]; second = col[3]; only_list = " "
	while (match(second, /`[^`]*`/)) {
		only_list = only_list substr(second, RSTART + 1, RLENGTH - 2) " "
		second = substr(second, RSTART + RLENGTH)
	}
	while (match(first, /`[^`]*`/)) {
		f = substr(first, RSTART + 1, RLENGTH - 2)
		rank[f] = rows; only[f] = only_list
		first = substr(first, RSTART + RLENGTH)
	}
	next
}
$1 == "F" {
	f = $2; nfiles++
	exists[f] = 1
	if (f ~ /\.h$/) {
		b = base_of(f)
		if (b in where)
			where[b] = "" # a second header of that name
		else
			where[b] = f
	}
	if (layer_of(f) == "") {
		print f ": in no layer (add its folder to the table in README.md)"
		bad++
	}
	next
}
$1 == "I" {
	rest = substr($0, 3)
	f = rest; sub(/:.*/, "", f)
	rest = substr(rest, length(f) + 2)
	n = rest; sub(/:.*/, "", n)
	name = rest; sub(/^[^"]*"/, "", name); sub(/".*/, "", name)
	from = layer_of(f)
	if (from == "")
		next
	if ((dir_of(f) "/" name) in exists)
		target = dir_of(f) "/" name
	else if (base_of(name) in where) {
		target = where[base_of(name)]
		if (target == "") {
			print f ":" n ": \"" name "\" is ambiguous: more than one header has that name"
			bad++
			next
		}
	} else
		next # not ours (a system or generated header)
	to = layer_of(target)
	if (to == from)
		next
	if (to == "" || rank[to] >= rank[from]) {
		print f ":" n ": " from " -> " (to == "" ? "?" : to) " (" name "): " (to == "" ? "?" : to) " is not below " from
		bad++
	} else if (only[to] != " " && index(only[to], " " from " ") == 0) {
		list = only[to]; sub(/ $/, "", list)
		print f ":" n ": " from " -> " to " (" name "): " to " is private to" list
		bad++
	}
}
END {
	if (!rows) {
		print "check_layers: no layer table between the layers markers in README.md" > "/dev/stderr"
		exit 2
	}
	printf "check_layers: %d files, %d include(s) against the layers\n", nfiles, bad > "/dev/stderr"
	exit bad ? 1 : 0
}'
