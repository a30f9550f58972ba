#!/usr/bin/env bash
# test_cli_physio.sh: the physio's commands as a user meets them: patients, history,
# suggest/confirm, phase, dose, VISA-A, CSV export; exit codes, messages, files.
#   test_cli_physio.sh PATH/TO/station PATH/TO/store_fixture
set -uo pipefail
station=$1
fixture=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/physio.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
data=$tmp/data
source "$(dirname "${BASH_SOURCE[0]}")/cli_expect.sh"

# patients: list, add, refusals
# reading a folder that holds no station data makes nothing there (a mistyped --data-dir
# got an empty store, "no patients yet", as if the clinic's data were gone)
mkdir "$tmp/empty"
expect 1 "/data holds no station data \(no station.db there\): is that the data folder" -- \
	"$station" patients --data-dir "$data"
expect 1 'empty holds no station data' -- "$station" history P-0042 --data-dir "$tmp/empty"
expect 1 'empty holds no station data' -- "$station" report P-0042 --pdf "$tmp/r.pdf" --data-dir "$tmp/empty"
# ... nor by the commands that need the data there (a backup of an empty store made
# there said "checked")
expect 1 'empty holds no station data' -- "$station" backup --data-dir "$tmp/empty"
expect 1 'empty holds no station data' -- "$station" pin --data-dir "$tmp/empty"
expect 1 'empty holds no station data' -- "$station" phase P-0042 3 --by "J. Physio" --why "seen" --data-dir "$tmp/empty"
check "nothing made where no station data is" test ! -e "$data" -a -z "$(ls -A "$tmp/empty")"
expect 0 'added P-0042: left side, phase 2' -- "$station" patients add P-0042 --name "Ann Example" --side left --phase 2 --data-dir "$data"
check "data folder private (0700)" test "$(stat -c %a "$data")" = 700
check "database private (0600)" test "$(stat -c %a "$data/station.db")" = 600
expect 2 "patient 'P-0042' already exists" -- "$station" patients add P-0042 --data-dir "$data"
expect 2 "patient 'p42' reads as 'P-0042', already a patient" -- "$station" patients add p42 --data-dir "$data"
expect 2 "patient 'P-042' reads as 'P-0042'" -- "$station" patients add P-042 --data-dir "$data"
# ... nor letters that pass for its digits on a card (a stranger's "PO01" beside "P001")
expect 2 "patient 'PO-O42' reads as 'P-0042'" -- "$station" patients add PO-O42 --data-dir "$data"
# ... but an L, which does not, is a letter: "LL-01" is not "IL-01", "1L-01" is
expect 0 'added IL-01' -- "$station" patients add IL-01 --data-dir "$tmp/ids"
expect 0 'added LL-01' -- "$station" patients add LL-01 --data-dir "$tmp/ids"
expect 2 "patient 'IL-O1' reads as 'IL-01'" -- "$station" patients add IL-O1 --data-dir "$tmp/ids"
# ... and a letter O is not dropped as a leading zero ("MOORE-1" read as "MORE-1")
expect 0 'added MORE-1' -- "$station" patients add MORE-1 --data-dir "$tmp/ids"
expect 0 'added MOORE-1' -- "$station" patients add MOORE-1 --data-dir "$tmp/ids"
expect 2 "patient '1L-01' reads as 'IL-01'" -- "$station" patients add 1L-01 --data-dir "$tmp/ids"
expect 2 "side 'up': left, right or both" -- "$station" patients add P-1 --side up --data-dir "$data"
expect 2 '--phase wants a number from 1 to 6' -- "$station" patients add P-1 --phase 9 --data-dir "$data"
expect 2 "letters, digits" -- "$station" patients add 'P 1' --data-dir "$data"
expect 2 'the name has a control character .* at character 4' -- "$station" patients add P-1 --name "$(printf 'Ann\tE')" --data-dir "$data"
expect 2 'the name has a text direction mark at character 5' -- "$station" patients add P-1 --name "$(printf 'Ann \342\200\256evaN')" --data-dir "$data"
expect 0 'added P-1' -- "$station" patients add P-1 --name "Zoë O'Neill-McKay" --data-dir "$data"
expect 0 'P-0042 +Ann Example +left +2' -- "$station" patients --data-dir "$data"
# the columns line up after a name with letters beyond ASCII ("Zoë" is 4 bytes)
side_column() { # side_column ID: the character at which the side column starts in ID's row
	local line prefix
	line=$("$station" patients --data-dir "$data" | grep "^$1 ")
	prefix=${line%% both*}
	prefix=${prefix%% left*}
	LC_ALL=C.UTF-8 bash -c 'echo ${#1}' _ "$prefix"
}
check "the side column lines up after a name beyond ASCII" test "$(side_column P-1)" = "$(side_column P-0042)"
expect 1 "no patient 'P-7'" -- "$station" history P-7 --data-dir "$data"
# the default data folder follows XDG_DATA_HOME
expect 0 'added D-1' -- env XDG_DATA_HOME="$tmp/xdg" "$station" patients add D-1
check "default folder under XDG_DATA_HOME" test -f "$tmp/xdg/station/station.db"

# a session's log (on stderr here, info only when asked for) names the patient by clinic
# id, never by name
"$station" patients add P-LOG --name "Ann Logname" --side left --phase 2 --data-dir "$tmp/logged" >/dev/null
STATION_LOG_LEVEL=info "$station" session --headless --patient P-LOG --fast --data-dir "$tmp/logged" >/dev/null \
	2>"$tmp/log.txt"
check "session start logged by clinic id" grep -q ' info session: session 1 started: patient P-LOG, phase 2,' "$tmp/log.txt"
check "calibration logged" grep -q ' info session: calibration SIM-0001 of ' "$tmp/log.txt"
check "each set logged" test "$(grep -c ' info session: session 1: set [0-9] saved: ' "$tmp/log.txt")" -ge 2
check "session end logged" grep -q ' info session: session 1 ended: complete after ' "$tmp/log.txt"
check "no patient name in the log" test "$(grep -c 'Logname' "$tmp/log.txt")" -eq 0
# a patient's sessions are counted from 1 in their history, the store's id beside it
"$station" patients add P-TWO --side left --phase 2 --data-dir "$tmp/logged" >/dev/null
"$station" session --headless --patient P-TWO --fast --data-dir "$tmp/logged" >/dev/null 2>&1
expect 0 '^session 1 \(id 2\)  ' -- "$station" history P-TWO --data-dir "$tmp/logged"
# the pain after: the most after any set (it read "-" though each set's was kept)
expect 0 'day after last -, after at most 3$' -- "$station" history P-TWO --data-dir "$tmp/logged"
# a second session at once: every other day is advised, in words ("-0 hours ago" before)
expect 0 '^Note: the last session was less than an hour ago; this programme is every other day' -- \
	"$station" session --headless --patient P-TWO --fast --data-dir "$tmp/logged"
# pain above the limit before: what the patient did with the advice is in the history
printf 'answer pain-now 8\nstand 5\n' >"$tmp/pain8.sim"
"$station" patients add P-PAIN --side left --phase 2 --data-dir "$tmp/logged" >/dev/null
"$station" session --headless --patient P-PAIN --fast --plate "sim:$tmp/pain8.sim" --data-dir "$tmp/logged" \
	>/dev/null 2>&1
expect 0 'stopped  pain: before 8 \(advised not to exercise: stopped\), day after' -- \
	"$station" history P-PAIN --data-dir "$tmp/logged"
# a red flag stays the suggestion's first reason until a phase is decided after it; the
# physio who saw the patient may decide the same phase (it was refused: "nothing to
# record", and the flag stayed for good), but not without a flag to answer
printf 'answer pop yes\nstand 5\n' >"$tmp/pop.sim"
"$station" patients add P-POP --side left --phase 2 --data-dir "$tmp/logged" >/dev/null
"$station" session --headless --patient P-POP --fast --plate "sim:$tmp/pop.sim" --data-dir "$tmp/logged" >/dev/null 2>&1
expect 0 'red flag in the session of' -- "$station" suggest P-POP --data-dir "$tmp/logged"
sleep 1 # a decision in the second the flag was given is not after it (decided_after)
expect 0 '^P-POP: stays in phase 2, decided after the red flag$' -- "$station" phase P-POP 2 --by J \
	--why "seen: no tear" --data-dir "$tmp/logged"
check "the red flag answered" sh -c "! '$station' suggest P-POP --data-dir '$tmp/logged' | grep -q 'red flag'"
expect 2 'P-POP is in phase 2 already: nothing to record' -- "$station" phase P-POP 2 --by J --why again \
	--data-dir "$tmp/logged"
"$station" export P-PAIN --csv "$tmp/csv-pain" --data-dir "$tmp/logged"
check "the answer to the advice exported" grep -q ',pain_gate_went_on'$'\r''$' "$tmp/csv-pain/sessions.csv"
check "the answer to the advice: stopped (0)" grep -q '^P-PAIN,.*,0'$'\r''$' "$tmp/csv-pain/sessions.csv"

# history and suggestion from a stored history (three good sessions, one interrupted)
check "fixture" "$fixture" "$data" P-9
expect 0 'session 4 \(id 4\) .* not finished' -- "$station" history P-9 --data-dir "$data"
expect 0 '1  standing-double-raise  both  6/6 +3\.6 \(3\.4-3\.9\) +6/6' -- "$station" history P-9 --data-dir "$data"
expect 0 'next phase \(phase 3\)' -- "$station" suggest P-9 --data-dir "$data"
expect 0 '3 of the last 3 sessions in phase 2 met every target' -- "$station" suggest P-9 --data-dir "$data"
expect 2 '--by NAME and --why TEXT are required' -- "$station" suggest P-9 --confirm --data-dir "$data"
expect 0 'declined by J. Physio' -- "$station" suggest P-9 --decline --by "J. Physio" --why "one more week" --data-dir "$data"
expect 0 'P-9 .* 2 ' -- "$station" patients --data-dir "$data"
expect 0 'next phase \(phase 3\) \(declined\)' -- "$station" suggest P-9 --data-dir "$data"
expect 0 'Declined by J. Physio on ' -- "$station" suggest P-9 --data-dir "$data"
expect 1 'nothing to decline: Declined by J. Physio' -- "$station" suggest P-9 --decline --by "J. Physio" --why again --data-dir "$data"
expect 0 'confirmed by J. Physio' -- "$station" suggest P-9 --confirm --by "J. Physio" --why "easy, no pain" --data-dir "$data"
expect 0 'P-9 .* 3 ' -- "$station" patients --data-dir "$data"
expect 1 "nothing to confirm: the suggestion is 'stay'" -- "$station" suggest P-9 --confirm --by J --why x --data-dir "$data"

# phase and dose: always with who and why
expect 2 '--by NAME and --why TEXT are required' -- "$station" phase P-0042 3 --data-dir "$data"
expect 2 'the phase wants a number from 1 to 6' -- "$station" phase P-0042 8 --by J --why x --data-dir "$data"
expect 0 'P-0042: phase 2 -> 3' -- "$station" phase P-0042 3 --by "J. Physio" --why "strong, no pain" --data-dir "$data"
expect 2 'P-0042 is in phase 3 already: nothing to record' -- "$station" phase P-0042 3 --by "J. Physio" --why again --data-dir "$data"
expect 2 'who decided is required' -- "$station" phase P-0042 4 --by "   " --why x --data-dir "$data"
# the limit is in bytes, and said so (30 CJK characters were refused as "required")
expect 2 'who decided is 90 bytes long: at most 63' -- "$station" phase P-0042 4 --by "$(printf '\xe6\x9d\x8e%.0s' $(seq 30))" --why x --data-dir "$data"
expect 0 'Standing heel raise, one leg' -- "$station" dose P-0042 --data-dir "$data"
expect 2 "phase 3 has no exercise 'hops'" -- "$station" dose P-0042 --exercise hops --by J --why x --data-dir "$data"
# who changed the dose, when and why, under it (they were stored and never shown)
expect 0 '^Dose changed by J on [0-9]{4}-[0-9]{2}-[0-9]{2}: calf cramps$' -- "$station" dose P-0042 --exercise step-raise --reps 10 --by J --why "calf cramps" --data-dir "$data"
expect 0 'count per set 10, ' -- "$station" dose P-0042 --data-dir "$data"
expect 0 'J$' -- "$station" patients --data-dir "$data"
expect 0 'count per set 12-15' -- "$station" dose P-0042 --clear --by J --why "back to the programme" --data-dir "$data"
expect 0 "^Dose set back to the programme's by J on [0-9-]{10}: back to the programme$" -- "$station" dose P-0042 --data-dir "$data"
# as phase: nothing recorded where nothing changes, and no guess between --clear and a change
expect 2 "P-0042's dose is the programme's already: nothing to record" -- "$station" dose P-0042 --clear --by J --why again --data-dir "$data"
expect 2 "P-0042's dose is the programme's already: nothing to record" -- "$station" dose P-0042 --exercise standing-single-raise --by J --why x --data-dir "$data"
expect 2 '--by and --why go with a change .*: nothing recorded' -- "$station" dose P-0042 --by J --why "keep as is" --data-dir "$data"
expect 2 '--clear returns to the programme.s dose: give it without' -- "$station" dose P-0042 --reps 3 --clear --by J --why x --data-dir "$data"
expect 0 "^Dose set back to the programme's by J on [0-9-]{10}: back to the programme$" -- "$station" dose P-0042 --data-dir "$data"
# a change adds to the physio's own (--sets, then --reps, dropped the sets); a number the
# exercise has no use for is refused (a hold for a heel raise showed in the report)
expect 0 'sets 2,' -- "$station" dose P-0042 --sets 2 --by J --why a --data-dir "$data"
# back to the programme's own number is a return to it, not a change that changes nothing
expect 0 "^Dose set back to the programme's by J on [0-9-]{10}: three again$" -- "$station" dose P-0042 --sets 3 --by J --why "three again" --data-dir "$data"
expect 0 'sets 2,' -- "$station" dose P-0042 --sets 2 --by J --why a --data-dir "$data"
expect 0 'sets 2, count per set 13' -- "$station" dose P-0042 --reps 13 --by J --why b --data-dir "$data"
expect 2 "P-0042's dose is that already: nothing to record" -- "$station" dose P-0042 --sets 2 --reps 13 --by J --why b --data-dir "$data"
expect 2 "P-0042's dose is that already: nothing to record" -- "$station" dose P-0042 --rest 120 --by J --why "the programme's 120 s" --data-dir "$data"
# naming the exercise done now is no change of exercise: the numbers stay
expect 0 'sets 2, count per set 13, .*rest 60 s' -- "$station" dose P-0042 --exercise standing-single-raise --rest 60 --by J --why c --data-dir "$data"
expect 2 '--hold: Standing heel raise, one leg has no hold to time' -- "$station" dose P-0042 --hold 20 --by J --why c --data-dir "$data"
expect 0 'count per set 12-15' -- "$station" dose P-0042 --clear --by J --why "back to the programme" --data-dir "$data"
# a new phase starts from its programme dose: the physio's step raise of phase 3 (which
# phase 4 has not) stopped every session and report of the patient once in phase 4
expect 0 'added P-0043' -- "$station" patients add P-0043 --phase 3 --data-dir "$data"
expect 0 'count per set 8, ' -- "$station" dose P-0043 --exercise step-raise --reps 8 --by J --why stairs --data-dir "$data"
expect 0 'P-0043: phase 3 -> 4' -- "$station" phase P-0043 4 --by J --why "ready" --data-dir "$data"
check "phase 4's own exercise and dose, no physio's change" \
	sh -c "'$station' dose P-0043 --data-dir '$data' | grep -q 'phase 4: Hops' && ! '$station' dose P-0043 --data-dir '$data' | grep -q 'changed by'"
expect 0 'P-0043 .* 4  -$' -- "$station" patients --data-dir "$data"
# a hold set to one time reads as that time (it read "hold 30-30 s")
expect 0 'added P-0044' -- "$station" patients add P-0044 --phase 5 --data-dir "$data"
expect 0 ', hold 30 s, ' -- "$station" dose P-0044 --hold 30 --by J --why "holds well" --data-dir "$data"
expect 2 "--hold wants a whole number, not '22.5'" -- "$station" dose P-0044 --hold 22.5 --by J --why x --data-dir "$data"
expect 0 '^$' -- "$station" export P-0044 --csv "$tmp/csv-dose" --data-dir "$data"
check "the dose as changed, by whom, when and why, exported" grep -qE \
	'^P-0044,[a-z]+,5,[0-9-]{10}T[0-9:]{8}Z,,,,30(\.0)?,,J,[0-9-]{10}T[0-9:]{8}Z,holds well'$'\r''$' "$tmp/csv-dose/patient.csv"

# VISA-A
expect 0 '^P-0042: VISA-A 62/100 recorded$' -- "$station" visa P-0042 --items 5,6,7,8,4,5,7,20 --data-dir "$data"
expect 0 '^P-0042: VISA-A 72/100 recorded$' -- "$station" visa P-0042 --total 72 --data-dir "$data"
expect 2 'the 8 answers' -- "$station" visa P-0042 --items 1,2,3 --data-dir "$data"
# a number is plain decimal: not hexadecimal nor an exponent (0x10 was recorded as 16)
expect 2 "not '0x10'" -- "$station" visa P-0042 --total 0x10 --data-dir "$data"
expect 2 "not '1e2'" -- "$station" visa P-0042 --total 1e2 --data-dir "$data"
expect 2 'more than 8 answers' -- "$station" visa P-0042 --items 7,6,5,4,8,3,4,10,1 --data-dir "$data"
expect 2 'an empty answer' -- "$station" visa P-0042 --items 7,,6,5,4,8,3,4,10 --data-dir "$data"
expect 2 'an empty answer' -- "$station" visa P-0042 --items 7,6,5,4,8,3,4,10, --data-dir "$data"
expect 2 'VISA-A item 1 is 11: 0 to 10' -- "$station" visa P-0042 --items 11,0,0,0,0,0,0,0 --data-dir "$data"

# export: the files, their headers, quoting, privacy
expect 2 '--csv DIR is required' -- "$station" export P-9 --data-dir "$data"
expect 0 '^$' -- "$station" export P-9 --csv "$tmp/csv" --data-dir "$data"
# not into the data folder, whose files (a recording named sets.csv, say) it would replace,
# nor into another one than --data-dir's (a copy read, the report written over the live one)
expect 1 "inside the station's data folder" -- "$station" export P-9 --csv "$data" --data-dir "$data"
cp -r "$data" "$tmp/copy"
expect 1 "inside the station's data folder .*/data," -- "$station" export P-9 --csv "$data/recordings" --data-dir "$tmp/copy"
expect 1 "inside the station's data folder .*/data," -- "$station" report P-9 --pdf "$data/station.db" --data-dir "$tmp/copy"
rm -rf "$tmp/copy"
expect 1 "inside the station's data folder" -- "$station" export P-9 --csv "$data/recordings" --data-dir "$data"
check "no export written into the data folder" test -z "$(find "$data" -name 'sets.csv')"
expect 0 '^$' -- "$station" export P-9 --csv "$data/exports/p9" --data-dir "$data"
# the refusal above sends the physio to exports/: made where it is not there yet
rm -r "$data/exports"
expect 0 'report of .* in .*/exports/r.pdf' -- "$station" report P-9 --pdf "$data/exports/r.pdf" --data-dir "$data"
check "exports/ made private" test "$(stat -c %a "$data/exports")" = 700
# all or nothing: a file that cannot be written (here a folder in its place) leaves none
# of the others new (a full disk left two new files beside an older export's)
mkdir -p "$tmp/half/events.csv"
expect 1 'events.csv' -- "$station" export P-9 --csv "$tmp/half" --data-dir "$data"
check "no file of a failed export" test ! -e "$tmp/half/sessions.csv" -a ! -e "$tmp/half/sets.csv"
for f in patient sessions sets events pain visa phase_changes; do
	check "$f.csv written, private" test "$(stat -c %a "$tmp/csv/$f.csv")" = 600
done
check "patient header" grep -q '^patient,side,phase,created,dose_exercise,dose_sets,dose_reps,dose_hold_s,dose_rest_s,dose_changed_by,dose_changed,dose_why'$'\r''$' "$tmp/csv/patient.csv"
check "sessions header" grep -q '^patient,session_id,started,finished,phase,complete,ended,' "$tmp/csv/sessions.csv"
check "4 sessions" test "$(grep -c '^P-9,' "$tmp/csv/sessions.csv")" -eq 4
check "ISO start times" grep -q '^P-9,1,2026-09-21T14:13:20Z,' "$tmp/csv/sessions.csv"
check "the interrupted session: empty finish, not complete" grep -q '^P-9,4,2026-09-27T14:13:20Z,,2,0,,' "$tmp/csv/sessions.csv"
check "3 x 2 x 6 + 2 reps" test "$(grep -c ',rep,' "$tmp/csv/events.csv")" -eq 38
check "a rep whose timing was uncertain: why, in the uncertain column" \
	grep -q ",rep,1,.*,the lowering is too slow to time against the force's slow disturbances"$'\r'"\$" "$tmp/csv/events.csv"
check "the timed reps: the uncertain column empty" test "$(grep -c ',rep,.*,'$'\r''$' "$tmp/csv/events.csv")" -eq 37
check "a reason with a comma is quoted" grep -q ',"easy, no pain",' "$tmp/csv/phase_changes.csv"
if command -v python3 >/dev/null; then
	check "every row has its header's columns (python csv)" python3 -c '
import csv, sys, glob
for path in glob.glob(sys.argv[1] + "/*.csv"):
    rows = list(csv.reader(open(path, newline="")))
    assert len(rows) >= 1 and all(len(r) == len(rows[0]) for r in rows), path
' "$tmp/csv"
fi

# a damaged database: refused plainly
mkdir -p "$tmp/bad"
for i in $(seq 200); do echo "this is not a database, it is a shopping list"; done >"$tmp/bad/station.db"
expect 1 'station.db: .*damaged.*restore it from a backup \(station restore FILE, .* backups/\)' -- "$station" patients --data-dir "$tmp/bad"

# backups: one made now; restored into the damaged folder, which is kept as it was
expect 0 'backup: .*/backups/station-[0-9]{8}-[0-9]{6}Z\.db \([0-9]+ KB, checked; the newest of each of the last 14 days are kept\)' -- "$station" backup --data-dir "$data"
backup=$(ls "$data"/backups/station-*.db | tail -1)
check "backups private (folder 0700, file 0600)" test "$(stat -c %a "$data/backups")/$(stat -c %a "$backup")" = 700/600
expect 0 'the database before is kept as .*/bad/backups/before-restore-[0-9]{8}-[0-9]{6}Z\.db' -- "$station" restore "$backup" --data-dir "$tmp/bad"
expect 0 'P-0042 +Ann Example' -- "$station" patients --data-dir "$tmp/bad"
check "the damaged database kept as it was" grep -q "shopping list" "$tmp"/bad/backups/before-restore-*.db
expect 1 'before-restore-.*: damaged, or not a database: file is not a database' -- "$station" restore "$(ls "$tmp"/bad/backups/before-restore-*.db)" --data-dir "$data"
# refused while the station uses the data: every station process holds the folder locked
# shared; deleting station.lock, which only marks the folder, does not release it (a
# stranger's restore then ran under a live session)
if command -v flock >/dev/null; then
	expect 1 'in use by the station .*sudo systemctl stop station' -- flock -s "$data" "$station" restore "$backup" --data-dir "$data"
	cp -r "$data" "$tmp/live"
	sleep 30 | "$station" session --headless --patient P-0042 --data-dir "$tmp/live" >/dev/null 2>&1 &
	for _ in $(seq 100); do flock -n -x "$tmp/live" true || break; sleep 0.1; done
	rm "$tmp/live/station.lock"
	expect 1 'in use by the station' -- "$station" restore "$backup" --data-dir "$tmp/live"
	kill %% 2>/dev/null
	pkill -f -- "--data-dir $tmp/live" 2>/dev/null
	wait
fi
# ... and something else at its name (a folder, a symlink) stops nothing: it stopped
# every command, the screen too, until removed by hand
rm -rf "$tmp/live" && cp -r "$data" "$tmp/live" && rm "$tmp/live/station.lock"
mkdir "$tmp/live/station.lock"
expect 0 'P-0042 +Ann Example' -- "$station" patients --data-dir "$tmp/live"
rmdir "$tmp/live/station.lock" && ln -s "$tmp/nowhere" "$tmp/live/station.lock"
expect 0 'added P-5' -- "$station" patients add P-5 --data-dir "$tmp/live"
check "not written through the symlink" test ! -e "$tmp/nowhere"
expect 2 'usage: station restore FILE' -- "$station" restore --data-dir "$data"
# a restore killed after it moved the database aside (a stranger's: the next command
# made a new empty one, "no patients yet", and sessions went into it): finished at the
# next open; a database missing or empty beside recordings or backups is refused
cp -r "$data" "$tmp/cut"
mv "$tmp/cut/station.db" "$tmp/cut/station.db.restored"
expect 0 'P-0042 +Ann Example' -- "$station" patients --data-dir "$tmp/cut"
check "the restore finished" test -s "$tmp/cut/station.db" -a ! -e "$tmp/cut/station.db.restored"
# ... but not a copy cut short (or empty) before it was checked: still refused
mv "$tmp/cut/station.db" "$tmp/cut/db.aside"
: >"$tmp/cut/station.db.restoring"
expect 1 'station.db is missing, but' -- "$station" patients --data-dir "$tmp/cut"
# meanwhile its recordings are still the station's: not written over (the folder has its lock)
expect 1 "inside the station's data folder" -- "$station" record --plate sim:quiet --fast --seconds 1 \
	--out "$tmp/cut/recordings/x.csv"
mv "$tmp/cut/db.aside" "$tmp/cut/station.db"
: >"$tmp/cut/station.db"
expect 1 'station.db is empty, but the folder holds the station.s recordings or backups: .*station restore' -- \
	"$station" patients --data-dir "$tmp/cut"
rm "$tmp/cut/station.db"
expect 1 'station.db is missing, but' -- "$station" history P-0042 --data-dir "$tmp/cut"
check "no new database made" test ! -e "$tmp/cut/station.db"
# ... with no backup there, it does not send the physio to restore one
rm -r "$tmp/cut/backups"
expect 1 'station.db is missing, but the folder holds the station.s recordings, and no backup: .*put the database back' \
	-- "$station" patients --data-dir "$tmp/cut"

# a data folder this user may only read (a copy on read-only media, another user's
# station): the reading commands read it as it is (they refused: "station.lock:
# Permission denied"); writing is refused, naming what. As root, as nobody on a copy.
ro=$(mktemp -d /tmp/physio-ro.XXXXXX)
chmod 755 "$ro"
cp -r "$data" "$ro/data"
# a copy taken while the station wrote: changes in the WAL, its -shm index not copied
mkdir "$ro/wal" && cp "$data/station.db" "$ro/wal/" && printf 'changes' >"$ro/wal/station.db-wal"
mkdir -m 777 "$ro/out"
chmod -R a-w "$ro/data" "$ro/wal"
chmod -R a+rX "$ro/data" "$ro/wal"
as_reader=()
if [ "$(id -u)" -eq 0 ]; then
	chown -R nobody "$ro/data" "$ro/wal"
	as_reader=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
if "${as_reader[@]}" "$station" --version >/dev/null 2>&1; then
	expect 0 'P-0042 +Ann Example' -- "${as_reader[@]}" "$station" patients --data-dir "$ro/data"
	expect 0 'P-9 .*4 sessions' -- "${as_reader[@]}" "$station" history P-9 --data-dir "$ro/data"
	expect 0 '^$' -- "${as_reader[@]}" "$station" export P-9 --csv "$ro/out/csv" --data-dir "$ro/data"
	check "read only: the export as from the folder itself" cmp -s "$ro/out/csv/events.csv" "$tmp/csv/events.csv"
	expect 1 'station.lock: Permission denied: this user may not write to the data folder' -- \
		"${as_reader[@]}" "$station" phase P-9 3 --by A --why b --data-dir "$ro/data"
	# (it failed "unable to open database file", blaming the lock; a copy without recordings/
	# failed on making it)
	expect 1 'latest changes are in station.db-wal, whose index station.db-shm is missing' -- \
		"${as_reader[@]}" "$station" patients --data-dir "$ro/wal"
	# showing a suggestion or a dose only reads (they refused, on the lock)
	expect 0 '^P-9, phase [0-9]: ' -- "${as_reader[@]}" "$station" suggest P-9 --data-dir "$ro/data"
	expect 0 '^P-9, phase [0-9]: ' -- "${as_reader[@]}" "$station" dose P-9 --data-dir "$ro/data"
	expect 1 'may not write to the data folder' -- "${as_reader[@]}" "$station" dose P-9 --sets 2 --by A --why b \
		--data-dir "$ro/data"
else
	echo "test_cli_physio: $station cannot run as nobody here: the read-only data folder is not checked"
fi
chmod -R u+w "$ro"
rm -rf "$ro"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
