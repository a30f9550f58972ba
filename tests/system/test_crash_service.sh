#!/usr/bin/env bash
# test_crash_service.sh: the kiosk's crash recovery without systemd. The station runs as
# station/station.service.in runs it (its Environment= lines with %S a temporary state
# folder, UMask=0077, WorkingDirectory, ExecStartPre then ExecStart, the plate from
# STATION_PLATE as /etc/default/station would set it) in a loop standing in for
# Restart=always (RestartSec shortened to 0.2 s), and is killed with SIGKILL again and again.
#   1. the unit's own commands (the screen, SDL's dummy video driver, sim:demo): it comes
#      back after every kill;
#   2. sessions: the screen starts them only from touch or keys, which SDL's dummy driver
#      does not give, so here the loop runs `station session --headless --fast --plate
#      ${STATION_PLATE}` (the same session runner, a simulated patient):
#      after every kill no complete set or session is lost, each complete set's recording
#      has the size saved with it, every file is the station user's only; at the end one
#      more session runs to completion;
#   3. (with strace) a session's syncs: each set's recording and its folder before the
#      commit that marks the set complete, which is what a power cut relies on.
# usage: test_crash_service.sh STATION UNIT_TEMPLATE [KILLS [SEED]]
set -euo pipefail
station=$1
unit=$2
kills=${3:-12}
RANDOM=${4:-1}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crash-service.XXXXXX")
failed=0
fail() { echo "FAIL: $*"; failed=1; }

# ---- the unit's environment and commands ----
state=$tmp/var-lib # %S
while IFS= read -r line; do
	for assignment in ${line#Environment=}; do
		export "${assignment//%S/$state}"
	done
done < <(grep '^Environment=' "$unit")
mkdir -m 0700 -p "$state/station" # StateDirectory=station, StateDirectoryMode=0700
export SDL_VIDEODRIVER=dummy      # no display here: SDL's dummy driver stands in for kmsdrm
exec_line() { grep "^$1=" "$unit" | head -1 | sed "s|^$1=||; s|@STATION_BIN@|$station|"; }
pre=$(exec_line ExecStartPre)
start=$(exec_line ExecStart)
echo "XDG_DATA_HOME=$XDG_DATA_HOME HOME=$HOME"
echo "ExecStartPre: $pre"
echo "ExecStart:    $start"

# Restart=always: runs the commands again whenever the station ends, until $tmp/stop.
# $tmp/pid is the running station, $tmp/starts counts its starts.
supervise() {
	local -a pre_cmd start_cmd
	eval "pre_cmd=($1)"
	eval "start_cmd=($2)"
	umask 0077
	cd "$state/station"
	while [ ! -e "$tmp/stop" ]; do
		"${pre_cmd[@]}" >>"$tmp/log" 2>&1 || true
		"${start_cmd[@]}" >>"$tmp/log" 2>&1 &
		echo $! >"$tmp/pid"
		echo >>"$tmp/starts"
		wait $! || true
		sleep 0.2
	done
}

# Waits until a station other than $1 runs (up to 10 s); prints its pid.
next_station() {
	for _ in $(seq 100); do
		local pid
		pid=$(cat "$tmp/pid" 2>/dev/null || true)
		if [ -n "$pid" ] && [ "$pid" != "$1" ] && kill -0 "$pid" 2>/dev/null; then
			echo "$pid"
			return 0
		fi
		sleep 0.1
	done
	return 1
}

stop_loop() {
	touch "$tmp/stop"
	kill -9 "$(cat "$tmp/pid")" 2>/dev/null || true
	wait "$1" || true
	rm -f "$tmp/stop" "$tmp/pid" "$tmp/starts"
}

# ---- 1. the screen, as the unit starts it ----
export STATION_PLATE=sim:demo
supervise "$pre" "$start" 2>>"$tmp/loop.err" & # (bash's "Killed" notes)
loop=$!
last=
for i in $(seq 5); do
	if ! last=$(next_station "$last"); then
		fail "the screen did not come back after kill $((i - 1)) (log: $tmp/log)"
		break
	fi
	sleep 0.5 # up and drawing
	kill -0 "$last" 2>/dev/null || fail "the screen ended by itself (log: $tmp/log)"
	kill -9 "$last"
done
screen_starts=$(wc -l <"$tmp/starts")
stop_loop $loop
echo "screen: killed 5 times, started $screen_starts times"
[ "$screen_starts" -ge 5 ] || fail "the screen started $screen_starts times for 5 kills"

# ---- 2. sessions, killed at random moments ----
export STATION_PLATE=sim
patient=KIOSK-1
(umask 0077 && "$station" patients add "$patient" --phase 2 >/dev/null)
session="$station session --headless --fast --plate \${STATION_PLATE} --patient $patient"
run_session() { # one session to its end, as the loop would run it; arguments: a wrapper
	local -a cmd
	eval "cmd=($session)"
	(cd "$state/station" && umask 0077 && "$@" "${cmd[@]}" >"$tmp/session.txt" 2>&1) ||
		fail "a session failed: $(tail -3 "$tmp/session.txt")"
}
# The kiosk's first session, whole: it measures its filters' plans (saved as FFTW wisdom
# as soon as made), so the killed sessions after it start as quickly as they would. A
# second one is timed: kills land across that long (slower under an emulator).
run_session
t0=$(date +%s%N)
run_session
window_ms=$((($(date +%s%N) - t0) / 1000000 * 11 / 10 + 50))
echo "a session takes about $((window_ms * 10 / 11)) ms here; kills land within $window_ms ms of each start"

# "set_id size" of every complete set, and the ids of complete sessions, from an export;
# every complete set's recording must have the size saved with it.
snapshot() {
	local out=$tmp/export-$1
	"$station" export "$patient" --csv "$out" >/dev/null || echo "export after kill $1 failed"
	tr -d '\r' <"$out/sets.csv" | awk -F, 'NR > 1 && $7 == 1 {print $2, $16, $17}' | while read -r id file size; do
		[ "$(stat -c %s "$state/station/$file")" = "$size" ] || echo "set $id: $file is not $size bytes"
		echo "$id" >>"$out/complete-sets"
	done
	touch "$out/complete-sets"
	tr -d '\r' <"$out/sessions.csv" | awk -F, 'NR > 1 && $6 == 1 {print $2}' >"$out/complete-sessions"
}
# Everything complete in snapshot $1 is still complete in $2.
nothing_lost() {
	local what
	for what in sets sessions; do
		local lost
		lost=$(comm -23 <(sort "$tmp/export-$1/complete-$what") <(sort "$tmp/export-$2/complete-$what"))
		[ -z "$lost" ] || fail "complete $what lost after kill $2: $lost"
	done
}

supervise "$pre" "$session" 2>>"$tmp/loop.err" &
loop=$!
problems=$(snapshot 0)
[ -z "$problems" ] || fail "$problems"
last=
for i in $(seq "$kills"); do
	if ! last=$(next_station "$last"); then
		fail "the session did not come back after kill $((i - 1)) (log: $tmp/log)"
		break
	fi
	delay_ms=$((RANDOM % window_ms))
	sleep "$((delay_ms / 1000)).$(printf %03d $((delay_ms % 1000)))"
	kill -9 "$last" 2>/dev/null || true
	problems=$(snapshot "$i")
	[ -z "$problems" ] || fail "$problems"
	nothing_lost $((i - 1)) "$i"
done
starts=$(wc -l <"$tmp/starts")
stop_loop $loop
# the store still works: one more session, to the end
run_session
problems=$(snapshot final)
[ -z "$problems" ] || fail "$problems"
nothing_lost "$kills" final
last_session=$(tail -1 "$tmp/export-final/sessions.csv" | tr -d '\r' | cut -d, -f6,7)
[ "$last_session" = "1,done" ] || fail "the last session is not complete: $last_session"
sessions=$(($(wc -l <"$tmp/export-final/sessions.csv") - 1))
complete=$(wc -l <"$tmp/export-final/complete-sessions")
sets=$(wc -l <"$tmp/export-final/complete-sets")
echo "sessions: $kills kills, $starts starts; $sessions sessions in the store, $complete complete, $sets complete sets"
[ "$complete" -ge 1 ] && [ "$sessions" -gt "$complete" ] || fail "expected both complete and cut sessions"

# ---- 3. the order of the syncs: what a power cut relies on ----
# A kill leaves what was written in the kernel's cache; a power cut does not. Each set's
# recording must be fsynced, then its folder, before the next commit (the one that marks
# the set complete), and every set the store shows complete must have been through that.
# (While a set is recorded, its file is also fdatasync()ed every half second: not counted.)
if command -v strace >/dev/null; then
	# (LeakSanitizer, in a sanitizer build, cannot work under ptrace)
	run_session env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -y -e trace=fsync,fdatasync -o "$tmp/syncs.txt"
	problems=$(awk '
		/fdatasync\(.*\.rec>\)/ { next } # the syncs while recording (rec_writer_sync_every)
		/\.rec>\)/ { r = $0; sub(/.*</, "", r); sub(/>.*/, "", r); pending[r] = 1; folder[r] = 0; seen[r] = 1; next }
		/\/recordings>\)/ { for (r in pending) folder[r] = 1; next }
		/station\.db-wal>\)/ {
			for (r in pending) {
				if (!folder[r]) print "a commit before the folder of " r " was synced"
				delete pending[r]
			}
		}
		END {
			for (r in pending) print r " was synced but no commit followed"
			n = 0; for (r in seen) n++; print n > "/dev/stderr"
		}' "$tmp/syncs.txt" 2>"$tmp/synced")
	[ -z "$problems" ] || fail "$problems"
	problems=$(snapshot synced)
	[ -z "$problems" ] || fail "$problems"
	sets_synced=$(cat "$tmp/synced")
	last_id=$(tail -1 "$tmp/export-synced/sessions.csv" | cut -d, -f2)
	sets_complete=$(tr -d '\r' <"$tmp/export-synced/sets.csv" | awk -F, -v s="$last_id" '$1 == s && $7 == 1' | wc -l)
	echo "syncs: $sets_synced recordings fsynced with their folder before the commit; $sets_complete sets complete"
	[ "$sets_synced" -ge 1 ] && [ "$sets_synced" = "$sets_complete" ] ||
		fail "$sets_synced recordings fsynced for $sets_complete complete sets"
else
	echo "SKIP: the order of the syncs (no strace)"
fi

# UMask=0077 and the store's own modes: nothing readable by others
open=$(find "$state/station" -perm /077 ! -type l)
[ -z "$open" ] || fail "readable by others: $open"

if [ "$failed" = 0 ]; then
	rm -rf "$tmp"
	echo "PASS"
else
	echo "kept in $tmp"
fi
exit "$failed"
