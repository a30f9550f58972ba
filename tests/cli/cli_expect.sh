# cli_expect.sh: the assertions the command-line tests share (sourced).
passed=0 failed=0

# Each command gets this long: one that hangs fails with its name (exit 124) instead of
# the whole test running into ctest's timeout with nothing said.
step_timeout_s=120

# expect CODE PATTERN -- COMMAND...: exit code CODE and PATTERN (grep -E) in stdout+stderr
expect() {
	local code=$1 pattern=$2
	shift 3
	local out rc
	out=$(timeout -k 5 "$step_timeout_s" "$@" 2>&1)
	rc=$?
	[ "$rc" -eq 124 ] && out="$out
(timed out after $step_timeout_s s)"
	if [ "$rc" -eq "$code" ] && grep -qE -- "$pattern" <<<"$out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		printf 'FAIL: %s\n  wanted exit %s and /%s/, got exit %s:\n%s\n' "$*" "$code" "$pattern" "$rc" "$out" >&2
	fi
}
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $what" >&2; fi
}
