#!/usr/bin/env bash
# test_package: the .deb as station/package.sh builds it (--arm64: the Pi's), checked with
# lintian: no error and no warning (the info and pedantic tags it finds are shown); and the
# manual page has an entry for every command of `station --help`.
#   tests/system/test_package.sh STATION [--arm64]
# STATION runs the station (its --help). Skipped (exit 77) where lintian is not installed.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
station=$1
shift
if ! command -v lintian >/dev/null; then
	echo "SKIP: lintian is not installed (station/setup.sh installs it; or: apt-get install lintian)"
	exit 77
fi

failed=0
mapfile -t commands < <("$station" --help | sed -n '/^commands:/,/^$/s/^  \([a-z-]*\) .*/\1/p')
[ ${#commands[@]} -ge 10 ] || { echo "FAIL: no commands read from station --help"; exit 1; }
for cmd in "${commands[@]}"; do
	roff=${cmd//-/\\-} # export-csv is written export\-csv
	if ! grep -qF -e "\\fB$roff " -e "\\fB$roff\\fR" "$top/station/station.1"; then
		echo "FAIL: station(1) has no entry for the command $cmd"
		failed=1
	fi
done
echo "station(1): ${#commands[@]} commands checked"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$top/station/package.sh" "$@" >"$log" 2>&1; then
	cat "$log"
	echo "FAIL: station/package.sh $*"
	exit 1
fi
deb=$(tail -n1 "$log")
echo "lintian $(lintian --version | cut -d' ' -f2) on $deb:"
rc=0
lintian --pedantic --info --fail-on error,warning "$deb" >"$log" 2>&1 || rc=$?
grep -v '^running with root privileges' "$log" || true
if [ $rc != 0 ]; then
	echo "FAIL: lintian found errors or warnings (exit $rc)"
	failed=1
fi
[ $failed = 0 ] && echo "lintian: no errors, no warnings"
exit $failed
