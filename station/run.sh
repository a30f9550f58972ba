#!/usr/bin/env bash
# Builds the station (installing what it needs) and starts it on the simulated plate.
#   station/run.sh [--sim[:SCENARIO]] [STATION OPTIONS...]
# e.g. station/run.sh --sim --windowed (with a DEMO patient if there is none), or
# station/run.sh --sim --headless (the forces as text)
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$top/station/setup.sh" "$top/build"

plate=sim
args=()
for a in "$@"; do
	case "$a" in
	--sim) plate=sim ;;
	--sim:*) plate="sim:${a#--sim:}" ;;
	*) args+=("$a") ;;
	esac
done
headless=0
for a in "${args[@]+"${args[@]}"}"; do [ "$a" = --headless ] && headless=1; done
if [ $headless = 0 ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${SDL_VIDEODRIVER:-}" ] && [ ! -e /dev/dri/card0 ]; then
	cat >&2 <<MSG
station/run.sh: there is no display here (no DISPLAY or WAYLAND_DISPLAY, no /dev/dri).
  On a Raspberry Pi, run it from the console, with or without a desktop;
  on a desktop, run it from a terminal inside the desktop session;
  anywhere, 'station/run.sh --sim --headless' shows the live forces as text.
MSG
	exit 1
fi
# The screen starts at "choose patient": on the simulated plate, a demo patient if the
# store has none.
station="$top/build/bin/station"
data=()
prev=
for a in "${args[@]+"${args[@]}"}"; do [ "$prev" = --data-dir ] && data=(--data-dir "$a"); prev=$a; done
if [ $headless = 0 ] && [ "${plate%%:*}" = sim ]; then
	case $("$station" patients "${data[@]+"${data[@]}"}" 2>&1) in
	"no patients yet"* | *"holds no station data"*) # (none yet: the first start)
		"$station" patients add DEMO --name Demo --phase 2 "${data[@]+"${data[@]}"}" ;;
	esac
fi
exec "$station" --plate "$plate" "${args[@]+"${args[@]}"}"
